"""The production image's build step: `collectstatic` with the manifest storage fails on a
reference to a file that is not there, such as a source map that was not vendored. (CI also runs
that collectstatic with the production settings: scripts/run_tests.sh.)"""

import re
from pathlib import Path

from django.conf import settings

SOURCE_MAP = re.compile(rb"[#@]\s*sourceMappingURL=([^\s*]+)")


def test_every_source_map_a_static_file_names_is_there():
    missing = []
    for folder in settings.STATICFILES_DIRS:
        for path in Path(folder).rglob("*"):
            if path.suffix not in {".js", ".css"}:
                continue
            for name in SOURCE_MAP.findall(path.read_bytes()):
                if name.startswith(b"data:"):
                    continue
                if not (path.parent / name.decode()).exists():
                    missing.append(f"{path}: {name.decode()}")

    assert missing == []
