"""The worked examples of the W3C specifications (imported by generate.py).

Canonical XML 1.0 (W3C Recommendation 15 March 2001), section 3, and
Exclusive XML Canonicalization 1.0 (W3C Recommendation 18 July 2002 /
RFC 3741), sections 2.1 and 2.2.

The inputs and the printed results are transcribed here byte for byte
(see README.md for how they were checked). Printed results of the exclusive
c14n spec wrap long start tags over several lines; they are joined back into
one line here, and the three-space margin of the RFC's printed documents is
removed (from input and output alike).
"""

# --- Canonical XML 1.0 §3.1 PIs, Comments, and Outside of Document Element ---
C14N_31_INPUT = (
    '<?xml version="1.0"?>\n'
    '\n'
    '<?xml-stylesheet   href="doc.xsl"\n'
    '   type="text/xsl"   ?>\n'
    '\n'
    '<!DOCTYPE doc SYSTEM "doc.dtd">\n'
    '\n'
    '<doc>Hello, world!<!-- Comment 1 --></doc>\n'
    '\n'
    '<?pi-without-data     ?>\n'
    '\n'
    '<!-- Comment 2 -->\n'
    '\n'
    '<!-- Comment 3 -->\n'
)
C14N_31_OUT = (
    '<?xml-stylesheet href="doc.xsl"\n'
    '   type="text/xsl"   ?>\n'
    '<doc>Hello, world!</doc>\n'
    '<?pi-without-data?>'
)
C14N_31_OUT_COMMENTS = (
    '<?xml-stylesheet href="doc.xsl"\n'
    '   type="text/xsl"   ?>\n'
    '<doc>Hello, world!<!-- Comment 1 --></doc>\n'
    '<?pi-without-data?>\n'
    '<!-- Comment 2 -->\n'
    '<!-- Comment 3 -->'
)

# --- §3.2 Whitespace in Document Content ---
C14N_32_INPUT = (
    '<doc>\n'
    '   <clean>   </clean>\n'
    '   <dirty>   A   B   </dirty>\n'
    '   <mixed>\n'
    '      A\n'
    '      <clean>   </clean>\n'
    '      B\n'
    '      <dirty>   A   B   </dirty>\n'
    '      C\n'
    '   </mixed>\n'
    '</doc>\n'
)
C14N_32_OUT = C14N_32_INPUT[:-1]

# --- §3.3 Start and End Tags ---
C14N_33_INPUT = (
    '<!DOCTYPE doc [<!ATTLIST e9 attr CDATA "default">]>\n'
    '<doc>\n'
    '   <e1   />\n'
    '   <e2   ></e2>\n'
    '   <e3    name = "elem3"   id="elem3"    />\n'
    '   <e4    name="elem4"   id="elem4"    ></e4>\n'
    '   <e5 a:attr="out" b:attr="sorted" attr2="all" attr="I\'m"\n'
    '       xmlns:b="http://www.ietf.org" \n'
    '       xmlns:a="http://www.w3.org"\n'
    '       xmlns="http://www.uvic.ca"/>\n'
    '   <e6 xmlns="" xmlns:a="http://www.w3.org">\n'
    '       <e7 xmlns="http://www.ietf.org">\n'
    '           <e8 xmlns="" xmlns:a="http://www.w3.org">\n'
    '               <e9 xmlns="" xmlns:a="http://www.ietf.org"/>\n'
    '           </e8>\n'
    '       </e7>\n'
    '   </e6>\n'
    '</doc>\n'
)
C14N_33_OUT = (
    '<doc>\n'
    '   <e1></e1>\n'
    '   <e2></e2>\n'
    '   <e3 id="elem3" name="elem3"></e3>\n'
    '   <e4 id="elem4" name="elem4"></e4>\n'
    '   <e5 xmlns="http://www.uvic.ca" xmlns:a="http://www.w3.org" xmlns:b="http://www.ietf.org" attr="I\'m" attr2="all" b:attr="sorted" a:attr="out"></e5>\n'
    '   <e6 xmlns:a="http://www.w3.org">\n'
    '       <e7 xmlns="http://www.ietf.org">\n'
    '           <e8 xmlns="">\n'
    '               <e9 xmlns:a="http://www.ietf.org" attr="default"></e9>\n'
    '           </e8>\n'
    '       </e7>\n'
    '   </e6>\n'
    '</doc>'
)
# DTD-free adaptation: the DOCTYPE removed and the defaulted attribute written out.
C14N_33_NODTD_INPUT = (
    C14N_33_INPUT.split('\n', 1)[1]
    .replace('<e9 xmlns="" xmlns:a="http://www.ietf.org"/>',
             '<e9 xmlns="" xmlns:a="http://www.ietf.org" attr="default"/>')
)

# --- §3.4 Character Modifications and Character References ---
C14N_34_INPUT = (
    '<!DOCTYPE doc [<!ATTLIST normId id ID #IMPLIED>]>\n'
    '<doc>\n'
    '   <text>First line&#x0d;&#10;Second line</text>\n'
    '   <value>&#x32;</value>\n'
    '   <compute><![CDATA[value>"0" && value<"10" ?"valid":"error"]]></compute>\n'
    '   <compute expr=\'value>"0" &amp;&amp; value&lt;"10" ?"valid":"error"\'>valid</compute>\n'
    '   <norm attr=\' &apos;   &#x20;&#13;&#xa;&#9;   &apos; \'/>\n'
    '   <normId id=\' &apos;   &#x20;&#13;&#xa;&#9;   &apos; \'/>\n'
    '</doc>\n'
)
C14N_34_OUT = (
    '<doc>\n'
    '   <text>First line&#xD;\n'
    'Second line</text>\n'
    '   <value>2</value>\n'
    '   <compute>value&gt;"0" &amp;&amp; value&lt;"10" ?"valid":"error"</compute>\n'
    '   <compute expr="value>&quot;0&quot; &amp;&amp; value&lt;&quot;10&quot; ?&quot;valid&quot;:&quot;error&quot;">valid</compute>\n'
    '   <norm attr=" \'    &#xD;&#xA;&#x9;   \' "></norm>\n'
    '   <normId id="\' &#xD;&#xA;&#x9; \'"></normId>\n'
    '</doc>'
)
# DTD-free adaptation: the DOCTYPE and the normId line (whose result needs the ID type) removed.
_NORMID_IN = '   <normId id=\' &apos;   &#x20;&#13;&#xa;&#9;   &apos; \'/>\n'
_NORMID_OUT = '   <normId id="\' &#xD;&#xA;&#x9; \'"></normId>\n'
C14N_34_NODTD_INPUT = C14N_34_INPUT.split('\n', 1)[1].replace(_NORMID_IN, '')
C14N_34_NODTD_OUT = C14N_34_OUT.replace(_NORMID_OUT, '')

# --- §3.5 Entity References ---
C14N_35_INPUT = (
    '<!DOCTYPE doc [\n'
    '<!ATTLIST doc attrExtEnt ENTITY #IMPLIED>\n'
    '<!ENTITY ent1 "Hello">\n'
    '<!ENTITY ent2 SYSTEM "world.txt">\n'
    '<!ENTITY entExt SYSTEM "earth.gif" NDATA gif>\n'
    '<!NOTATION gif SYSTEM "viewgif.exe">\n'
    ']>\n'
    '<doc attrExtEnt="entExt">\n'
    '   &ent1;, &ent2;!\n'
    '</doc>\n'
    '\n'
    '<!-- Let world.txt contain "world" (excluding the quotes) -->\n'
)
C14N_35_WORLD_TXT = 'world'
C14N_35_OUT = (
    '<doc attrExtEnt="entExt">\n'
    '   Hello, world!\n'
    '</doc>'
)
C14N_35_OUT_COMMENTS = C14N_35_OUT + '\n<!-- Let world.txt contain "world" (excluding the quotes) -->'
# DTD-free adaptation: the entities expanded by hand.
C14N_35_NODTD_INPUT = (
    '<doc attrExtEnt="entExt">\n'
    '   Hello, world!\n'
    '</doc>\n'
    '\n'
    '<!-- Let world.txt contain "world" (excluding the quotes) -->\n'
)

# --- §3.6 UTF-8 Encoding ---
C14N_36_INPUT = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<doc>&#169;</doc>\n'
C14N_36_OUT = '<doc>\u00a9</doc>'  # the spec prints the two octets as #xC2#xA9
C14N_36_UTF8_INPUT = '<?xml version="1.0" encoding="UTF-8"?>\n<doc>&#169;</doc>\n'

# --- §3.7 Document Subsets ---
C14N_37_INPUT = (
    '<!DOCTYPE doc [\n'
    '<!ATTLIST e2 xml:space (default|preserve) \'preserve\'>\n'
    '<!ATTLIST e3 id ID #IMPLIED>\n'
    ']>\n'
    '<doc xmlns="http://www.ietf.org" xmlns:w3c="http://www.w3.org">\n'
    '   <e1>\n'
    '      <e2 xmlns="">\n'
    '         <e3 id="E3"/>\n'
    '      </e2>\n'
    '   </e1>\n'
    '</doc>\n'
)
C14N_37_XPATH = (
    '<!-- Evaluate with declaration xmlns:ietf="http://www.ietf.org" -->\n'
    '\n'
    '(//. | //@* | //namespace::*)\n'
    '[\n'
    '   self::ietf:e1 or (parent::ietf:e1 and not(self::text() or self::e2))\n'
    '   or\n'
    '   count(id("E3")|ancestor-or-self::node()) = count(ancestor-or-self::node())\n'
    ']\n'
)
C14N_37_OUT = '<e1 xmlns="http://www.ietf.org" xmlns:w3c="http://www.w3.org"><e3 xmlns="" id="E3" xml:space="preserve"></e3></e1>'
# Subtree adaptation: no DTD, the defaulted xml:space written on e2, the subtree of e3.
C14N_37_SUBTREE_INPUT = (
    '<doc xmlns="http://www.ietf.org" xmlns:w3c="http://www.w3.org">\n'
    '   <e1>\n'
    '      <e2 xmlns="" xml:space="preserve">\n'
    '         <e3 id="E3"/>\n'
    '      </e2>\n'
    '   </e1>\n'
    '</doc>\n'
)
C14N_37_SUBTREE_INC = '<e3 xmlns:w3c="http://www.w3.org" id="E3" xml:space="preserve"></e3>'
C14N_37_SUBTREE_EXC = '<e3 id="E3"></e3>'

# --- Exclusive XML Canonicalization 1.0 §2.1 A Simple Example ---
EXC_21_ALONE = (
    '<n1:elem1 xmlns:n1="http://b.example">\n'
    '    content\n'
    '</n1:elem1>'
)
EXC_21_ENVELOPED = (
    '<n0:pdu xmlns:n0="http://a.example">\n'
    '   <n1:elem1 xmlns:n1="http://b.example">\n'
    '       content\n'
    '   </n1:elem1>\n'
    '</n0:pdu>'
)
EXC_21_INC = (
    '<n1:elem1 xmlns:n0="http://a.example" xmlns:n1="http://b.example">\n'
    '       content\n'
    '   </n1:elem1>'
)
EXC_21_EXC = (
    '<n1:elem1 xmlns:n1="http://b.example">\n'
    '       content\n'
    '   </n1:elem1>'
)

# --- Exclusive XML Canonicalization 1.0 §2.2 General Problems with re-Enveloping ---
EXC_22_FIRST = (
    '<n0:local xmlns:n0="foo:bar"\n'
    '          xmlns:n3="ftp://example.org">\n'
    '   <n1:elem2 xmlns:n1="http://example.net"\n'
    '             xml:lang="en">\n'
    '       <n3:stuff xmlns:n3="ftp://example.org"/>\n'
    '   </n1:elem2>\n'
    '</n0:local>'
)
EXC_22_SECOND = (
    '<n2:pdu xmlns:n1="http://example.com"\n'
    '        xmlns:n2="http://foo.example"\n'
    '        xml:lang="fr"\n'
    '        xml:space="retain">\n'
    '   <n1:elem2 xmlns:n1="http://example.net"\n'
    '             xml:lang="en">\n'
    '       <n3:stuff xmlns:n3="ftp://example.org"/>\n'
    '   </n1:elem2>\n'
    '</n2:pdu>'
)
EXC_22_FIRST_INC = (
    '<n1:elem2 xmlns:n0="foo:bar" xmlns:n1="http://example.net" xmlns:n3="ftp://example.org" xml:lang="en">\n'
    '       <n3:stuff></n3:stuff>\n'
    '   </n1:elem2>'
)
EXC_22_SECOND_INC = (
    '<n1:elem2 xmlns:n1="http://example.net" xmlns:n2="http://foo.example" xml:lang="en" xml:space="retain">\n'
    '       <n3:stuff xmlns:n3="ftp://example.org"></n3:stuff>\n'
    '   </n1:elem2>'
)
EXC_22_EXC = (
    '<n1:elem2 xmlns:n1="http://example.net" xml:lang="en">\n'
    '       <n3:stuff xmlns:n3="ftp://example.org"></n3:stuff>\n'
    '   </n1:elem2>'
)


def cases():
    """W3C cases. 'expected' maps a mode file name to the spec's bytes (str);
    modes not given are computed by the generator (lxml) and must agree where given.
    'expect_error' marks inputs our parser must refuse (no outputs then);
    'spec_outputs' are the spec's results kept for reference only."""
    c = []

    def add(name, input, note, expected=None, subtree_id=None, subtree_qname=None,
            expect_error=None, spec_outputs=None, lxml_files=None, section=None):
        c.append(dict(name=name, input=input, note=note, expected=expected or {},
                      subtree_id=subtree_id, subtree_qname=subtree_qname,
                      expect_error=expect_error, spec_outputs=spec_outputs or {},
                      lxml_files=lxml_files or {}, section=section))

    add("c14n-3.1-original", C14N_31_INPUT,
        "Canonical XML 1.0 §3.1 input as printed; it has a DOCTYPE, which the parser refuses",
        expect_error="ERR_XML_DTD_FORBIDDEN", section="C14N 1.0 §3.1",
        spec_outputs={"inc.xml": C14N_31_OUT, "inc-comments.xml": C14N_31_OUT_COMMENTS},
        lxml_files={"doc.dtd": ""})
    add("c14n-3.1-nodtd", C14N_31_INPUT.replace('<!DOCTYPE doc SYSTEM "doc.dtd">\n\n', ''),
        "§3.1 with the DOCTYPE line removed: PIs, comments and whitespace outside the document element",
        expected={"inc.xml": C14N_31_OUT, "inc-comments.xml": C14N_31_OUT_COMMENTS,
                  "exc.xml": C14N_31_OUT, "exc-comments.xml": C14N_31_OUT_COMMENTS},
        section="C14N 1.0 §3.1")
    add("c14n-3.2", C14N_32_INPUT,
        "Canonical XML 1.0 §3.2: whitespace in document content is retained",
        expected={m: C14N_32_OUT for m in ("inc.xml", "inc-comments.xml", "exc.xml", "exc-comments.xml")},
        section="C14N 1.0 §3.2")
    add("c14n-3.3-original", C14N_33_INPUT,
        "§3.3 input as printed; its internal DTD subset (attribute default for e9) is refused",
        expect_error="ERR_XML_DTD_FORBIDDEN", section="C14N 1.0 §3.3",
        spec_outputs={"inc.xml": C14N_33_OUT, "inc-comments.xml": C14N_33_OUT})
    add("c14n-3.3-nodtd", C14N_33_NODTD_INPUT,
        "§3.3 without the DOCTYPE, the defaulted attr=\"default\" written on e9: start/end tags, attribute and namespace order, "
        "superfluous namespace declarations",
        expected={"inc.xml": C14N_33_OUT, "inc-comments.xml": C14N_33_OUT},
        section="C14N 1.0 §3.3")
    add("c14n-3.4-original", C14N_34_INPUT,
        "§3.4 input as printed; its internal DTD subset (ID-typed attribute) is refused",
        expect_error="ERR_XML_DTD_FORBIDDEN", section="C14N 1.0 §3.4",
        spec_outputs={"inc.xml": C14N_34_OUT, "inc-comments.xml": C14N_34_OUT})
    add("c14n-3.4-nodtd", C14N_34_NODTD_INPUT,
        "§3.4 without the DOCTYPE and without the normId line (which needs the DTD's ID type): character references, "
        "CDATA, attribute normalization and escaping",
        expected={m: C14N_34_NODTD_OUT for m in ("inc.xml", "inc-comments.xml", "exc.xml", "exc-comments.xml")},
        section="C14N 1.0 §3.4")
    add("c14n-3.5-original", C14N_35_INPUT,
        "§3.5 input as printed; its DTD declares internal, external and unparsed entities: refused",
        expect_error="ERR_XML_DTD_FORBIDDEN", section="C14N 1.0 §3.5",
        spec_outputs={"inc.xml": C14N_35_OUT, "inc-comments.xml": C14N_35_OUT_COMMENTS},
        lxml_files={"world.txt": C14N_35_WORLD_TXT})
    add("c14n-3.5-expanded", C14N_35_NODTD_INPUT,
        "§3.5 with the entity references expanded by hand and the DOCTYPE removed",
        expected={"inc.xml": C14N_35_OUT, "inc-comments.xml": C14N_35_OUT_COMMENTS,
                  "exc.xml": C14N_35_OUT, "exc-comments.xml": C14N_35_OUT_COMMENTS},
        section="C14N 1.0 §3.5")
    add("c14n-3.6-original", C14N_36_INPUT,
        "§3.6 input as printed; it declares encoding ISO-8859-1, which the parser refuses (UTF-8 only)",
        expect_error="ERR_XML_ENCODING", section="C14N 1.0 §3.6",
        spec_outputs={"inc.xml": C14N_36_OUT})
    add("c14n-3.6-utf8", C14N_36_UTF8_INPUT,
        "§3.6 with the encoding declaration changed to UTF-8: &#169; is output as the UTF-8 octets C2 A9",
        expected={m: C14N_36_OUT for m in ("inc.xml", "inc-comments.xml", "exc.xml", "exc-comments.xml")},
        section="C14N 1.0 §3.6")
    add("c14n-3.7-original", C14N_37_INPUT,
        "§3.7 input as printed; its DTD (xml:space default, ID type) is refused. The XPath document subset of §3.7 "
        "is not a subtree and is not tested (see EXCEPTIONS.md)",
        expect_error="ERR_XML_DTD_FORBIDDEN", section="C14N 1.0 §3.7",
        spec_outputs={"inc.xml": C14N_37_OUT, "xpath.txt": C14N_37_XPATH})
    add("c14n-3.7-subtree-e3", C14N_37_SUBTREE_INPUT,
        "§3.7 adapted: no DTD, xml:space=\"preserve\" written on e2, the subtree of e3 (id E3): inclusive c14n inherits "
        "xml:space and the w3c namespace; the empty default namespace needs no xmlns=\"\" on the apex",
        expected={"inc.xml": C14N_37_SUBTREE_INC, "inc-comments.xml": C14N_37_SUBTREE_INC,
                  "exc.xml": C14N_37_SUBTREE_EXC, "exc-comments.xml": C14N_37_SUBTREE_EXC},
        subtree_id="E3", section="C14N 1.0 §3.7")
    add("exc-2.1-alone", EXC_21_ALONE,
        "Exclusive C14N §2.1: the standalone elem1 document is already canonical",
        expected={m: EXC_21_ALONE for m in ("inc.xml", "inc-comments.xml", "exc.xml", "exc-comments.xml")},
        section="Exc-C14N 1.0 §2.1")
    add("exc-2.1-enveloped", EXC_21_ENVELOPED,
        "Exclusive C14N §2.1: elem1 inside n0:pdu; inclusive c14n drags n0 in, exclusive does not",
        expected={"inc.xml": EXC_21_INC, "inc-comments.xml": EXC_21_INC,
                  "exc.xml": EXC_21_EXC, "exc-comments.xml": EXC_21_EXC},
        subtree_qname="n1:elem1", section="Exc-C14N 1.0 §2.1")
    add("exc-2.2-first", EXC_22_FIRST,
        "Exclusive C14N §2.2, first document: the n1:elem2 subtree",
        expected={"inc.xml": EXC_22_FIRST_INC, "inc-comments.xml": EXC_22_FIRST_INC,
                  "exc.xml": EXC_22_EXC, "exc-comments.xml": EXC_22_EXC},
        subtree_qname="n1:elem2", section="Exc-C14N 1.0 §2.2")
    add("exc-2.2-second", EXC_22_SECOND,
        "Exclusive C14N §2.2, second document: inclusive c14n inherits n2 and xml:space; exclusive output equals the first's",
        expected={"inc.xml": EXC_22_SECOND_INC, "inc-comments.xml": EXC_22_SECOND_INC,
                  "exc.xml": EXC_22_EXC, "exc-comments.xml": EXC_22_EXC},
        subtree_qname="n1:elem2", section="Exc-C14N 1.0 §2.2")
    return c
