"""bantin's terminal interface: the Textual app and the command line."""

# first of all: the start-up settings that must be in place before Textual is imported
from . import startup as startup
