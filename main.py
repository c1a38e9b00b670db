"""ПрофТрек: `python main.py` opens the program; `python main.py --help` lists the commands."""
from __future__ import annotations

import sys

if __name__ == "__main__":
    from app.cli.main import run

    sys.exit(run())
