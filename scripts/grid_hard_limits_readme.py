"""Rewrite README.md's hard-limit table from grid.engine.limits.HARD_LIMITS (the table between
<!-- hard-limits:start … --> and <!-- hard-limits:end -->; tests/grid/test_limits.py checks it).

Usage: .venv/bin/python scripts/grid_hard_limits_readme.py
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ballerup_jobcenter.settings.test")

import django  # noqa: E402

django.setup()

from grid.engine import hard_limits_markdown  # noqa: E402

BLOCK = re.compile(r"(<!-- hard-limits:start[^>]*-->\n).*?(\n<!-- hard-limits:end -->)", re.S)

readme = ROOT / "README.md"
text = readme.read_text(encoding="utf-8")
new, count = BLOCK.subn(lambda m: m.group(1) + hard_limits_markdown() + m.group(2), text)
if count != 1:
    sys.exit("README.md needs exactly one <!-- hard-limits:start --> … end block")
readme.write_text(new, encoding="utf-8")
