"""Bounded memory: staging and reading a large blob must not hold it in memory.

Runs in a fresh interpreter so that the peak RSS (VmHWM / ru_maxrss) measures this work only.
SPRAVA_VAULT_STREAM_MIB=5120 runs the same check on 5 GiB by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import sprava

SIZE_MIB = int(os.environ.get("SPRAVA_VAULT_STREAM_MIB", "300"))
LIMIT_MIB = 200

SCRIPT = r"""
import hashlib, json, os, resource, sys
from pathlib import Path
from sprava.vault import Identity, LocalBackend, Vault

def peak_mib():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

class Generated:
    # Pseudo-random bytes made on demand: the test must not hold the data either.
    def __init__(self, size):
        self.left, self.counter, self.block = size, 0, b""
        self.sha256 = hashlib.sha256()
    def read(self, n=-1):
        if not self.block:
            self.counter += 1
            self.block = hashlib.shake_256(self.counter.to_bytes(8, "big")).digest(1 << 20)
        n = min(self.left, len(self.block) if n < 0 else n, len(self.block))
        chunk, self.block = self.block[:n], self.block[n:]
        self.left -= n
        self.sha256.update(chunk)
        return chunk

size, root = int(sys.argv[1]), Path(sys.argv[2])
identity = Identity.generate()
vault = Vault(LocalBackend(root), identity.recipient, identity=identity)
small, small_digests = vault.put(Generated(1 << 20))  # warm up: imports, threads, buffers
vault.verify(small, small_digests)
baseline = peak_mib()

source = Generated(size)
with vault.stage(source) as staged:
    name = staged.commit()
after_put = peak_mib()
read = 0
for chunk in vault.read_chunks(name, staged.digests):
    read += len(chunk)
after_read = peak_mib()
print(json.dumps({
    "baseline_mib": baseline, "after_put_mib": after_put, "after_read_mib": after_read,
    "size": size, "read": read, "sha256_ok": staged.digests.sha256 == source.sha256.digest(),
    "stored": (root / "objects" / name[:2] / name).stat().st_size,
}))
"""


@pytest.mark.slow
def test_staging_and_reading_a_large_blob_uses_bounded_memory(tmp_path: Path) -> None:
    size = SIZE_MIB * 1024 * 1024
    src = str(Path(sprava.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(size), str(tmp_path / "vault")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    print(result)

    assert result["read"] == size
    assert result["sha256_ok"]
    assert result["stored"] > size  # ciphertext: header plus a 16-byte tag per 64 KiB
    assert result["after_put_mib"] - result["baseline_mib"] < LIMIT_MIB, result
    assert result["after_read_mib"] - result["baseline_mib"] < LIMIT_MIB, result
