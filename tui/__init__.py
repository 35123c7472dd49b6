"""bantin's terminal interface: the Textual app and the command line."""

import os

# Textual paints at most this many frames a second (it reads the variable once, when first
# imported: hence here). At its default of 60, the frame after one that took longer than a
# sixtieth of a second comes one to two periods after it ends, so a key pressed as a frame
# goes out waits 17 to 33 ms more before it shows; at 120 that wait is halved. Nothing here
# animates faster than Textual's own 60 a second, so no more frames are drawn, only sooner.
# A value the user sets is kept.
os.environ.setdefault("TEXTUAL_FPS", "120")
