"""Text that XML 1.0 can carry.

Stories arrive from pasted Word documents and wire copy, so headlines and
standfirsts sometimes hold control characters (vertical tab, unit separator…).
XML 1.0 forbids them, even escaped: Django's feed writer raises on them and a
template would emit a document no parser accepts. Everything written into a
feed or the news sitemap goes through ``xml_safe`` first.
"""

import re

# C0 controls except tab, newline and carriage return; lone UTF-16 surrogates
# (which cannot be encoded to UTF-8 either); the two non-characters U+FFFE/FFFF.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value):
    """``value`` as a string without the characters XML 1.0 does not allow."""
    if value is None:
        return None
    return _XML_INVALID.sub("", str(value))
