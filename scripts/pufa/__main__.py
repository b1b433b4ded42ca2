import sys

from pufa.commands.cli import main

sys.exit(main())
