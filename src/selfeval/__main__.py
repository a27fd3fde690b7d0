import os
import signal
import sys

from .cli import INTERRUPTED, main

code = main()
if code == INTERRUPTED:
    # Stopped by Ctrl-C: the children are ended and nothing was published. Python's shutdown would now
    # join the build's threads, and a Ctrl-C that reached the whole process group could end the process
    # by the signal itself in that time (exit -2 instead of 130, about one run in six): leave at once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
