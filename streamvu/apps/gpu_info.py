"""What a CUDA device is: name, compute capability, SMs, memory, and its peak memory bandwidth.

Peak bandwidth is computed from the device, never looked up by name: memory clock x bus width x 2
(double data rate), the way CUDA's own samples and nvbench do. The clock and width come from the
first source that has both, and :attr:`GPUInfo.bandwidth_source` says which:

1. ``torch.cuda.get_device_properties``: ``memory_clock_rate`` (kHz) and ``memory_bus_width`` (bits);
2. NVML (``pynvml``, package ``nvidia-ml-py``): max memory clock (MHz) and bus width;
3. ``nvidia-smi --query-gpu=clocks.max.memory`` (MHz) with the bus width from 1 or 2.

When none works the peak is None and ``bandwidth_source`` says why.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import asdict, dataclass

from streamvu import _deps


@dataclass(frozen=True)
class GPUInfo:
    """One CUDA device.

    index: CUDA ordinal. name: as the driver reports it. capability: ``"9.0"``.
    sm_count: streaming multiprocessors. memory_gb: total memory (GiB).
    memory_clock_mhz / bus_width_bits: what the peak bandwidth is computed from (None if unknown).
    peak_gbps: peak memory bandwidth in GB/s (1e9 bytes/s), or None.
    bandwidth_source: where the clock and bus width came from, or why there is no peak.
    """

    index: int
    name: str
    capability: str
    sm_count: int
    memory_gb: float
    memory_clock_mhz: float | None
    bus_width_bits: int | None
    peak_gbps: float | None
    bandwidth_source: str

    def to_dict(self) -> dict:
        return asdict(self)


def peak_gbps(memory_clock_mhz: float, bus_width_bits: int) -> float:
    """Peak bandwidth in GB/s of a double-data-rate memory: clock x 2 x bus width in bytes."""
    return memory_clock_mhz * 1e6 * 2 * (bus_width_bits / 8) / 1e9


def _from_nvml(index: int) -> tuple[float, int] | None:
    if not _deps.has("pynvml"):
        return None
    pynvml = _deps.require("pynvml")
    try:
        pynvml.nvmlInit()
        try:
            handle = pynvml.nvmlDeviceGetHandleByIndex(index)
            clock = float(pynvml.nvmlDeviceGetMaxClockInfo(handle, pynvml.NVML_CLOCK_MEM))
            width = int(pynvml.nvmlDeviceGetMemoryBusWidth(handle))
        finally:
            pynvml.nvmlShutdown()
    except Exception:  # NVML raises its own error classes; any failure means "not from here"
        return None
    return (clock, width) if clock > 0 and width > 0 else None


def _clock_from_smi(index: int) -> float | None:
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, f"--id={index}", "--query-gpu=clocks.max.memory", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=20,
        )  # fmt: skip
        value = float(out.stdout.strip().splitlines()[0])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None
    return value if value > 0 else None


def gpu_info(index: int = 0) -> GPUInfo:
    """Describe CUDA device ``index`` (needs a CUDA build of torch and the device)."""
    import torch

    props = torch.cuda.get_device_properties(index)
    clock_khz = int(getattr(props, "memory_clock_rate", 0) or 0)
    width = int(getattr(props, "memory_bus_width", 0) or 0)
    clock_mhz: float | None = clock_khz / 1000 if clock_khz > 0 else None
    source = "torch.cuda.get_device_properties (memory_clock_rate x memory_bus_width x 2)"
    if clock_mhz is None or width <= 0:
        nvml = _from_nvml(index)
        if nvml is not None:
            clock_mhz, width = nvml
            source = "NVML (max memory clock x memory bus width x 2)"
        else:
            smi = _clock_from_smi(index)
            if smi is not None and width > 0:
                clock_mhz = smi
                source = "nvidia-smi clocks.max.memory x torch memory_bus_width x 2"
            else:
                clock_mhz = None
                source = ("unknown: torch gives no memory clock/bus width, and neither NVML "
                          f"({_deps.install_hint('pynvml')}) nor nvidia-smi filled it in")  # fmt: skip
    peak = peak_gbps(clock_mhz, width) if clock_mhz and width > 0 else None
    return GPUInfo(
        index=index,
        name=str(props.name),
        capability=f"{props.major}.{props.minor}",
        sm_count=int(props.multi_processor_count),
        memory_gb=round(props.total_memory / 2**30, 1),
        memory_clock_mhz=clock_mhz,
        bus_width_bits=width if width > 0 else None,
        peak_gbps=round(peak, 1) if peak else None,
        bandwidth_source=source,
    )


def all_gpus() -> list[GPUInfo]:
    """Every CUDA device torch sees (empty without CUDA)."""
    import torch

    if not torch.cuda.is_available():
        return []
    return [gpu_info(i) for i in range(torch.cuda.device_count())]
