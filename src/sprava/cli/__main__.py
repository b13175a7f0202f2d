import sys

from sprava.cli import main

sys.exit(main())
