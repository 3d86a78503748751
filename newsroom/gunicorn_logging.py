"""gunicorn's access log as one valid JSON object per line.

gunicorn.conf.py writes the access-log format as JSON; gunicorn escapes only
double quotes in the values it fills in, so a request line with a backslash
or a control character made the line invalid. Here every value is escaped
as a JSON string is.
"""

import json

from gunicorn.glogging import Logger, SafeAtoms


class JSONSafeAtoms(SafeAtoms):
    def __init__(self, atoms):
        dict.__init__(self)
        for key, value in atoms.items():
            self[key] = json.dumps(value)[1:-1] if isinstance(value, str) else value


class JSONAccessLogger(Logger):
    atoms_wrapper_class = JSONSafeAtoms
