import sys

from pufa.cli import main

sys.exit(main())
