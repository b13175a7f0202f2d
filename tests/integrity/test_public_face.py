"""The integrity package's public face: what an offline verifier imports, and nothing more."""

import subprocess
import sys

import sprava.integrity
import sprava.vault


def test_every_public_name_is_there():
    for package in (sprava.integrity, sprava.vault):
        missing = [name for name in package.__all__ if not hasattr(package, name)]
        assert missing == [], package.__name__


def test_the_integrity_package_loads_without_django_or_the_rest_of_sprava():
    # Django and every other part of Sprava made unimportable: a verifier that carries only
    # this package must still check a proof.
    script = (
        "import sys\n"
        "for name in ('django', 'sprava.ledger', 'sprava.vault', 'sprava.evidence',"
        " 'sprava.records', 'sprava.accounts', 'sprava.web', 'sprava.api', 'sprava.cli'):\n"
        "    sys.modules[name] = None\n"
        "import sprava.integrity as i\n"
        "i.verify_custody_proof, i.open_checkpoint, i.verify_inclusion\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
