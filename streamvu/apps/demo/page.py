"""The page's own script and style: evidence timestamps that seek the player, the chat's alert
highlight, compact panels, and the player's start on Start."""

# Clicking an evidence timestamp (a "#t=SECONDS" link in the chat) seeks the player there.
HEAD = """
<script>
document.addEventListener("click", function (ev) {
  var a = ev.target && ev.target.closest ? ev.target.closest('a[href*="#t="]') : null;
  if (!a) return;
  ev.preventDefault();
  ev.stopPropagation();
  var t = parseFloat(a.getAttribute("href").split("#t=")[1]);
  if (!isFinite(t)) return;
  window.__streamvuSeek = t;
  var v = document.querySelector("#svu-player video");
  if (v) { try { v.currentTime = t; v.pause(); } catch (e) {} }
}, true);
</script>
"""

CSS = """
#svu-chat a[href*="#t="] { font-family: ui-monospace, monospace; background: #eef3ff; border-radius: 4px;
  padding: 0 4px; text-decoration: none; }
#svu-metrics table, #svu-memory table { font-size: 0.8em; }
#svu-metrics td, #svu-metrics th, #svu-memory td, #svu-memory th { white-space: nowrap; padding: 2px 6px; }
#svu-chat mark { background: #ffe58a; color: #3a2a00; border-radius: 4px; padding: 1px 6px; }
"""

PLAY_JS = """() => { const v = document.querySelector('#svu-player video');
  if (v) { v.currentTime = 0; v.muted = true; v.play().catch(() => {}); } }"""
