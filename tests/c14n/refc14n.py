"""A small reference implementation of Canonical XML 1.0 and Exclusive XML
Canonicalization 1.0, written from the specifications, for a whole document or
the subtree of one element (the XML-DSig same-document node-set
`(//. | //@* | //namespace::*)` of that subtree).

It exists only to cross-check the libxml2/lxml oracle: it parses with expat
(xml.dom.minidom), not libxml2, and shares no code with it. generate.py
computes every expected file with both and stops on any disagreement that is
not one of the known lxml limitations listed in EXCEPTIONS.md.
"""

from xml.dom import minidom, Node

XML_NS = "http://www.w3.org/XML/1998/namespace"
XMLNS_NS = "http://www.w3.org/2000/xmlns/"


def _escape_text(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#xD;")


def _escape_attr(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            .replace("\t", "&#x9;").replace("\n", "&#xA;").replace("\r", "&#xD;"))


def _attrs(el):
    return [el.attributes.item(i) for i in range(el.attributes.length)]


def _in_scope(el):
    """prefix (None: default) -> URI in scope at el; the default is absent when
    undeclared or never declared. The xml prefix is left out (never rendered)."""
    chain = []
    n = el
    while n is not None and n.nodeType == Node.ELEMENT_NODE:
        chain.append(n)
        n = n.parentNode
    scope = {}
    for e in reversed(chain):
        for a in _attrs(e):
            if a.namespaceURI == XMLNS_NS:
                prefix = None if a.prefix is None else a.localName
                scope[prefix] = a.value or ""
    scope = {p: u for p, u in scope.items() if p != "xml" and not (p is None and u == "")}
    return scope


def _pi(node):
    return "<?" + node.target + (" " + node.data if node.data else "") + "?>"


class _C14n:
    def __init__(self, exclusive, with_comments, prefixes):
        self.exclusive = exclusive
        self.with_comments = with_comments
        self.listed = [None if p == "#default" else p for p in (prefixes or [])] if exclusive else []
        self.out = []

    def element(self, el, rendered, apex):
        scope = _in_scope(el)
        ns_out = {}

        def consider(prefix):
            if prefix is None and None not in scope:
                if rendered.get(None, "") != "":
                    ns_out[None] = ""  # xmlns="" undoes a default rendered above
                return
            if prefix not in scope:
                return  # a listed prefix that is not in scope
            if rendered.get(prefix) != scope[prefix]:
                ns_out[prefix] = scope[prefix]

        attrs = [a for a in _attrs(el) if a.namespaceURI != XMLNS_NS]
        if self.exclusive:
            utilized = [el.prefix]
            utilized += [a.prefix for a in attrs if a.prefix and a.prefix != "xml"]
            for p in utilized + self.listed:
                consider(p)
        else:
            for p in list(scope) + [None]:
                consider(p)
            if apex:
                have = {(a.namespaceURI, a.localName) for a in attrs}
                anc = el.parentNode
                while anc is not None and anc.nodeType == Node.ELEMENT_NODE:
                    for a in _attrs(anc):
                        if a.namespaceURI == XML_NS and (a.namespaceURI, a.localName) not in have:
                            have.add((a.namespaceURI, a.localName))
                            attrs.append(a)
                    anc = anc.parentNode
        rendered = dict(rendered)
        rendered.update(ns_out)

        o = self.out
        o.append("<" + el.tagName)
        for p in sorted(ns_out, key=lambda p: "" if p is None else p):
            o.append(' xmlns="' if p is None else " xmlns:" + p + '="')
            o.append(_escape_attr(ns_out[p]) + '"')
        attrs.sort(key=lambda a: (0, "", a.localName) if a.namespaceURI is None
                   else (1, a.namespaceURI, a.localName))
        for a in attrs:
            o.append(" " + a.name + '="' + _escape_attr(a.value) + '"')
        o.append(">")
        for c in el.childNodes:
            self.node(c, rendered)
        o.append("</" + el.tagName + ">")

    def node(self, n, rendered):
        t = n.nodeType
        if t == Node.ELEMENT_NODE:
            self.element(n, rendered, False)
        elif t in (Node.TEXT_NODE, Node.CDATA_SECTION_NODE):
            self.out.append(_escape_text(n.data))
        elif t == Node.COMMENT_NODE:
            if self.with_comments:
                self.out.append("<!--" + n.data + "-->")
        elif t == Node.PROCESSING_INSTRUCTION_NODE:
            self.out.append(_pi(n))
        else:
            raise ValueError(f"unexpected node type {t}")


def find_apex(doc, subtree_id=None, subtree_qname=None):
    found = []
    for el in doc.getElementsByTagName("*"):
        if subtree_id is not None:
            if any(el.getAttributeNS(None, n) == subtree_id for n in ("ID", "Id", "id")
                   if el.hasAttributeNS(None, n)):
                found.append(el)
        elif el.tagName == subtree_qname:
            found.append(el)
    if len(found) != 1:
        raise ValueError(f"{len(found)} apex candidates")
    return found[0]


def canonicalize(data, subtree_id=None, subtree_qname=None, exclusive=False, with_comments=False,
                 prefixes=()):
    doc = minidom.parseString(data)
    c = _C14n(exclusive, with_comments, prefixes)
    if subtree_id is None and subtree_qname is None:
        seen_root = False
        for n in doc.childNodes:
            if n.nodeType == Node.ELEMENT_NODE:
                c.element(n, {}, False)
                seen_root = True
                continue
            if n.nodeType == Node.COMMENT_NODE:
                if not with_comments:
                    continue
                s = "<!--" + n.data + "-->"
            elif n.nodeType == Node.PROCESSING_INSTRUCTION_NODE:
                s = _pi(n)
            else:
                raise ValueError(f"unexpected top-level node type {n.nodeType}")
            c.out.append("\n" + s if seen_root else s + "\n")
    else:
        c.element(find_apex(doc, subtree_id, subtree_qname), {}, True)
    return "".join(c.out).encode("utf-8")
