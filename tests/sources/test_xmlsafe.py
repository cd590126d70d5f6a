"""Hostile XML is refused before the parser expands or fetches anything."""

from pathlib import Path

import pytest

from coalition.errors import HostileInputError, InputError
from coalition.sources.xmlsafe import iter_elements, parse_tree, root_tag

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol3;</FIRST_NAME></INDIVIDUAL>
</INDIVIDUALS></CONSOLIDATED_LIST>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST><X>&xxe;</X></CONSOLIDATED_LIST>"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">
<CONSOLIDATED_LIST/>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_dtds_and_entities_are_refused(tmp_path: Path, body: str) -> None:
    path = tmp_path / "list.xml"
    path.write_text(body)
    with pytest.raises(HostileInputError, match=r"refused: the XML declares <!DOCTYPE"):
        list(iter_elements(path, {"INDIVIDUAL"}))
    with pytest.raises(HostileInputError, match=str(path)):
        parse_tree(path)


def test_doctype_across_a_chunk_boundary_is_found(tmp_path: Path) -> None:
    from coalition.sources import xmlsafe

    path = tmp_path / "list.xml"
    pad = b"<a>" + b" " * (xmlsafe.CHUNK - 8)
    path.write_bytes(pad + b"<!DOCTYPE x [<!ENTITY e 'x'>]></a>")
    with pytest.raises(HostileInputError):
        xmlsafe.check_no_dtd(path)


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<CONSOLIDATED_LIST>\n<INDIVIDUAL>\n<FIRST_NAME>A</FIRST_NAME>\n")
    with pytest.raises(InputError, match=r"broken.xml:line \d+"):
        list(iter_elements(path, {"INDIVIDUAL"}))


def test_enormous_text_node_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("w") as fh:
        fh.write("<CONSOLIDATED_LIST><INDIVIDUAL><COMMENTS1>")
        chunk = "A" * (1 << 20)
        for _ in range(12):  # 12 MiB in one text node: over libxml2's 10 MB limit
            fh.write(chunk)
        fh.write("</COMMENTS1></INDIVIDUAL></CONSOLIDATED_LIST>")
    with pytest.raises(InputError):
        list(iter_elements(path, {"INDIVIDUAL"}))


def test_root_tag() -> None:
    assert root_tag(b'<?xml version="1.0"?>\n<!-- c --><CONSOLIDATED_LIST a="b">') == \
        "CONSOLIDATED_LIST"
    assert root_tag(b"<ns:export xmlns:ns='x'>") == "export"
