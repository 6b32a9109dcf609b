"""pip-audit over the project's environment, saying plainly what it could and could not check.

Exit 1 only when vulnerabilities were found in packages it could look up. When its database
(PyPI's vulnerability data) cannot be reached, or knows none of the installed versions, it says
so loudly and exits 0: an offline machine is not a failed build. Run by scripts/security_checks.sh.
"""

import json
import shutil
import subprocess  # runs pip-audit, a fixed command  # nosec B404
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Advisories judged not to apply, with the reason (none yet): {"GHSA-...": "why"}.
IGNORED: dict[str, str] = {}


def main() -> int:
    tool = Path(sys.executable).parent / "pip-audit"
    if not tool.exists() and shutil.which("pip-audit") is None:
        print("pip-audit: NOT RUN - not installed (pip install -e '.[dev]').")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        command = [str(tool), "--skip-editable", "--progress-spinner", "off", "-f", "json"]
        command += ["-o", str(report)]
        for advisory in IGNORED:
            command += ["--ignore-vuln", advisory]
        done = subprocess.run(  # noqa: S603  # fixed arguments  # nosec B603
            command, capture_output=True, text=True, timeout=600, check=False
        )
        if not report.exists():
            print("pip-audit: NOT AUDITED - its vulnerability database could not be reached:")
            print("  " + (done.stderr.strip().splitlines() or ["(no message)"])[-1])
            return 0
        data = json.loads(report.read_text())
    packages = data.get("dependencies", [])
    audited = [p for p in packages if "skip_reason" not in p]
    skipped = [p for p in packages if "skip_reason" in p and "editable" not in p["skip_reason"]]
    vulnerable = [p for p in audited if p.get("vulns")]
    if not audited:
        print(
            f"pip-audit: NOT AUDITED - the vulnerability database is not reachable from here "
            f"(0 of {len(skipped)} installed packages could be looked up). Not a failure; run "
            f"it where PyPI's JSON API is reachable."
        )
        return 0
    print(f"pip-audit: {len(audited)} packages audited, {len(skipped)} could not be looked up.")
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"  {package['name']} {package['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        print("pip-audit: vulnerable packages found; upgrade them or justify in IGNORED.")
        return 1
    print("pip-audit: no known vulnerabilities.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
