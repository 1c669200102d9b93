"""Allow ``python -m gdexplain``."""

import sys

from gdexplain.cli import main

sys.exit(main())
