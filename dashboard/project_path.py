"""Put the project root on sys.path, so pages import `dashboard` and `etl` however Streamlit starts them.

`streamlit run dashboard/app.py` puts only this folder on the path. A page usually runs after app.py has
fixed that, but on a fresh server whose first request names a page, Streamlit runs the page file alone
(its pages-folder mode). Pages therefore import this module first: `import project_path`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
