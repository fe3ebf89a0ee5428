"""Handwritten C14N vector documents (imported by generate.py).

Every entry: name, input (str; encoded as UTF-8 when written, byte for byte,
so "\\r\\n" below really is CR LF in input.xml), subtree_id (value of an ID/Id/id
attribute, or None for the whole document), prefixes (InclusiveNamespaces
PrefixList for the exclusive modes) and note.

Rules for inputs: well-formed, namespace-well-formed, no DOCTYPE, no entity
but the five predefined ones, absolute namespace URIs only.
"""

SAML_RESPONSE = """<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="_resp-7f3a" Version="2.0" IssueInstant="2024-05-01T12:00:00Z" Destination="https://sp.example.com/acs" InResponseTo="_req-1b2c">
  <saml:Issuer>https://idp.example.com/</saml:Issuer>
  <samlp:Status>
    <samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>
  </samlp:Status>
  <saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_assert-9d8e" Version="2.0" IssueInstant="2024-05-01T12:00:00Z">
    <saml:Issuer>https://idp.example.com/</saml:Issuer>
    <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="sig-1">
      <ds:SignedInfo>
        <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
        <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
        <ds:Reference URI="#_assert-9d8e">
          <ds:Transforms>
            <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
            <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/></ds:Transform>
          </ds:Transforms>
          <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
          <ds:DigestValue>q1w2e3r4t5y6u7i8o9p0AAAAAAAAAAAAAAAAAAAAAAA=</ds:DigestValue>
        </ds:Reference>
      </ds:SignedInfo>
      <ds:SignatureValue>
ZmFrZXNpZ25hdHVyZXZhbHVlZmFrZXNpZ25hdHVyZXZhbHVlZmFrZXNpZ25hdHVy
ZXZhbHVlZmFrZXNpZw==
</ds:SignatureValue>
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>TUlJQmZha2VjZXJ0</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </ds:Signature>
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">alice@example.com</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData NotOnOrAfter="2024-05-01T12:05:00Z" Recipient="https://sp.example.com/acs" InResponseTo="_req-1b2c"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="2024-05-01T11:55:00Z" NotOnOrAfter="2024-05-01T12:05:00Z">
      <saml:AudienceRestriction>
        <saml:Audience>https://sp.example.com/</saml:Audience>
      </saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AuthnStatement AuthnInstant="2024-05-01T12:00:00Z" SessionIndex="_sess-1">
      <saml:AuthnContext>
        <saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef>
      </saml:AuthnContext>
    </saml:AuthnStatement>
    <saml:AttributeStatement>
      <saml:Attribute Name="email" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">
        <saml:AttributeValue xsi:type="xs:string">alice@example.com</saml:AttributeValue>
      </saml:Attribute>
      <saml:Attribute Name="displayName">
        <saml:AttributeValue xsi:type="xs:string">Alice &amp; Bob &lt;Ops&gt; — Zoë</saml:AttributeValue>
      </saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>
"""

# Entra-style: the assertion binds the SAML namespace as the default one and
# the Signature binds XML-DSig as *its* default namespace.
SAML_DEFAULT_NS = """<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0" IssueInstant="2024-05-01T12:00:00.000Z" Destination="https://sp.example.com/acs"><Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">https://sts.windows.net/00000000-0000-0000-0000-000000000000/</Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" IssueInstant="2024-05-01T12:00:00.000Z" Version="2.0"><Issuer>https://sts.windows.net/00000000-0000-0000-0000-000000000000/</Issuer><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><Reference URI="#_a1"><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></Transforms><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue>AAAA</DigestValue></Reference></SignedInfo><SignatureValue>BBBB</SignatureValue><KeyInfo><X509Data><X509Certificate>CCCC</X509Certificate></X509Data></KeyInfo></Signature><Subject><NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">abc123</NameID><SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><SubjectConfirmationData NotOnOrAfter="2024-05-01T13:00:00.000Z" Recipient="https://sp.example.com/acs"/></SubjectConfirmation></Subject><Conditions NotBefore="2024-05-01T11:55:00.000Z" NotOnOrAfter="2024-05-01T13:00:00.000Z"><AudienceRestriction><Audience>spn:11111111-2222-3333-4444-555555555555</Audience></AudienceRestriction></Conditions><AttributeStatement><Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"><AttributeValue>alice@example.com</AttributeValue></Attribute></AttributeStatement><AuthnStatement AuthnInstant="2024-05-01T11:59:58.000Z" SessionIndex="_a1"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef></AuthnContext></AuthnStatement></Assertion></samlp:Response>"""

# Okta-style saml2 prefixes; xs is declared on the Response and used only as a
# QName inside an attribute value (never "visibly utilized").
SAML_OKTA = """<?xml version="1.0" encoding="UTF-8"?><saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:xs="http://www.w3.org/2001/XMLSchema" Destination="https://sp.example.com/acs" ID="id1" IssueInstant="2024-05-01T12:00:00.000Z" Version="2.0"><saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">http://www.okta.com/exk1</saml2:Issuer><saml2p:Status xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol"><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status><saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="id2" IssueInstant="2024-05-01T12:00:00.000Z" Version="2.0"><saml2:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">http://www.okta.com/exk1</saml2:Issuer><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#id2"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>DDDD</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>EEEE</ds:SignatureValue></ds:Signature><saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">alice</saml2:NameID></saml2:Subject><saml2:AttributeStatement><saml2:Attribute Name="groups" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified"><saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">admins</saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement></saml2:Assertion></saml2p:Response>"""


def cases():
    c = []

    def add(name, input, note, subtree_id=None, prefixes=()):
        c.append(dict(name=name, input=input, subtree_id=subtree_id, prefixes=list(prefixes), note=note))

    # --- Syntax: empty elements, tags, whitespace ---------------------------------
    add("empty-element", "<a/>", "empty-element tag <a/> becomes start+end tag <a></a>")
    add("empty-elements-nested",
        "<a><b/><c x=\"1\"/><d></d><e   /></a>\n",
        "nested empty elements with and without attributes; trailing newline after root dropped")
    add("whitespace-in-tags",
        "<doc   a = \"1\"\n\tb\t=\t'2'   ><e1   /><e2\n></e2\n></doc   >",
        "whitespace inside start/end tags and around '=' is removed; single quotes become double")
    add("whitespace-outside-root",
        "\n\n  \t<root>  inner  \n  text  </root>  \n\t\n",
        "whitespace before and after the document element is dropped; whitespace inside kept")
    add("xml-declaration",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<doc>x</doc>",
        "the XML declaration is not part of the canonical form")
    add("utf8-bom",
        "\ufeff<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc>bom</doc>",
        "UTF-8 byte order mark before the XML declaration (XML 1.0 §4.3.3) is not output")
    add("whitespace-text-only-children",
        "<a>\n  <b>\n    <c> </c>\n  </b>\n\t\n</a>",
        "whitespace-only text nodes inside the root are preserved")

    # --- Attributes: ordering, escaping, normalization ----------------------------
    add("attr-order-unqualified",
        "<e z=\"1\" b=\"2\" m=\"3\" A=\"4\" _x=\"5\" aa=\"6\" a=\"7\"/>",
        "unqualified attributes sorted by local name in code-point order (A < _ < a < aa)")
    add("attr-order-namespaced",
        "<e xmlns:z=\"urn:a\" xmlns:a=\"urn:z\" a:x=\"1\" z:y=\"2\" z:b=\"3\" q=\"4\" a:a=\"5\"/>",
        "namespaced attributes sorted by namespace URI, then local name, after unqualified ones; "
        "prefix names do not matter (z->urn:a sorts before a->urn:z)")
    add("attr-order-same-local-name",
        "<e xmlns:p=\"http://b.example/\" xmlns:q=\"http://a.example/\" p:n=\"1\" n=\"2\" q:n=\"3\"/>",
        "same local name in no namespace and two namespaces: unqualified first, then by URI")
    add("attr-order-same-uri-two-prefixes",
        "<r:e xmlns:r=\"urn:x\" xmlns:s=\"urn:x\" s:b=\"1\" r:a=\"2\" c=\"3\"/>",
        "two prefixes bound to one URI: attributes sorted by URI then local name regardless of prefix")
    add("attr-predefined-entities",
        "<e a=\"&lt;&gt;&amp;&quot;&apos;\" b='\"' c=\"'\" d='&quot;&apos;'/>",
        "in attributes: & < \" are escaped (&amp; &lt; &quot;); > and ' are literal")
    add("attr-charrefs-whitespace",
        "<e a=\"x&#9;y&#xA;z&#xD;w\" b=\"&#x20;lead and trail&#x20;\" c=\"&#x9;&#xa;&#xd;\"/>",
        "char refs for TAB LF CR survive attribute normalization and are output as &#x9; &#xA; &#xD;; &#x20; is a space")
    add("attr-literal-newlines-tabs",
        "<e a=\"line1\nline2\tcol\" b=\"  two  spaces  \" c=\"\n\"/>",
        "literal newline/tab in attribute values are normalized to spaces by the parser (CDATA normalization, no collapsing)")
    add("attr-crlf-literal",
        "<e a=\"one\r\ntwo\rthree\"\r\n   b=\"x\"/>",
        "CRLF and lone CR inside an attribute value: line-end normalization then attribute normalization give one space each")
    add("attr-gt-and-lt",
        "<e a=\"a>b\" b=\"a&gt;b\" c=\"a&lt;b\" d=\"&#60;&#62;&#38;\"/>",
        "'>' literal in attribute output; '<' and '&' escaped; numeric references expanded first")

    # --- Text content ---------------------------------------------------------------
    add("text-predefined-entities",
        "<doc>&lt;tag&gt; &amp; &quot;quoted&quot; &apos;single&apos;</doc>",
        "in text: & < > are escaped (&amp; &lt; &gt;); quotes are literal")
    add("text-gt",
        "<doc>a > b, c ]]&gt; d, e &gt; f</doc>",
        "'>' in text is always output as &gt;")
    add("text-charrefs",
        "<doc>cr&#xD;lf&#xA;tab&#9;sp&#x20;crlf&#13;&#10;end&#x41;&#233;&#x1F600;</doc>",
        "char refs in text: &#xD; is output as &#xD;, LF and TAB literally, others as UTF-8 characters")
    add("text-crlf-line-ends",
        "<doc>\r\n  line one\r\n  line two\rline three\r\n</doc>\r\n",
        "CRLF and lone CR in text are normalized to LF by the parser")
    add("crlf-everywhere",
        "<?xml version=\"1.0\"?>\r\n<!-- head\r\ncomment -->\r\n<doc\r\n  a=\"1\"\r\n>\r\n<?pi data\r\nmore?>\r\n<!--in\r\nside-->\r\n</doc>\r\n<!--tail-->\r\n",
        "CRLF line ends in comments, PIs, tags and between top-level nodes all become LF")
    add("text-tabs-literal",
        "<doc>\ta\t\tb\t</doc>",
        "literal tabs in text are preserved")
    add("non-ascii",
        "<doc lang=\"Ελληνικά\">Zoë — naïve café, 日本語テキスト, emoji 😀, math ∑, nbsp\u00a0end</doc>",
        "non-ASCII text and attribute values are output as UTF-8 unchanged")
    add("non-ascii-names",
        "<café xmlns:é=\"urn:e\" é:attr=\"1\" ñame=\"2\"><日本>x</日本><é:ü/></café>",
        "non-ASCII element, attribute and prefix names")
    add("cdata-sections",
        "<doc><![CDATA[<greeting>Hello & \"bye\" 'x' ]]><![CDATA[]]><![CDATA[a]]b>c]]>tail</doc>",
        "CDATA sections are replaced by their escaped character content; empty CDATA disappears")
    add("cdata-with-cr",
        "<doc><![CDATA[line1\r\nline2\r]]>x<![CDATA[&#xD;]]></doc>",
        "CRLF inside CDATA is normalized to LF; a char-ref-looking string in CDATA is literal text (&amp;#xD;)")
    add("mixed-content",
        "<p>Some <b>bold</b> and <i>italic <u>under</u></i> text.<br/>Next</p>",
        "mixed content with nested inline elements")

    # --- Comments and PIs ---------------------------------------------------------------
    add("comments-outside-root",
        "<!--before 1--><!-- before 2 -->\n<doc/>\n<!--after 1-->\n\n<!--after 2-->",
        "document-level comments: each before the root is followed by LF, each after is preceded by LF; "
        "dropped with their newlines without comments")
    add("pis-outside-root",
        "<?xml version=\"1.0\"?>\n<?first   data with   spaces  ?>\n<?second?>\n<doc/>\n<?third x?>",
        "document-level PIs keep the same newline rules in both modes; whitespace after the target is collapsed away, trailing kept")
    add("comments-pis-mixed-outside",
        "<?pi-a?><!--c1--><?pi-b  x=\"1\"?>\n<doc><!--in--></doc><!--c2--><?pi-c?>",
        "interleaved comments and PIs outside the root")
    add("comments-inside-root",
        "<doc><!--first--><a><!-- nested --></a>text<!--x-y z--><!----></doc>",
        "comments inside the root element, including an empty one; removed entirely without comments")
    add("pi-forms",
        "<doc><?target?><?target ?><?target    data?><?target data   ?><?t.x-y_z d?><?pi <&>\"'?></doc>",
        "PIs inside the root: empty data, only whitespace, leading whitespace dropped, trailing kept; no escaping in PI data")
    add("comment-special-chars",
        "<doc><!-- <tag> & \"q\" 'a' -x- é --></doc>",
        "comment content is output unescaped")

    # --- Namespaces (whole document) --------------------------------------------------
    add("ns-decl-order",
        "<doc xmlns:zz=\"urn:zz\" xmlns=\"urn:default\" xmlns:a=\"urn:a\" xmlns:B=\"urn:B\" a:x=\"1\" zz:y=\"2\" B:z=\"3\"/>",
        "namespace declarations output first, default first, then sorted by prefix (B < a < zz)")
    add("ns-default-redeclared",
        "<a xmlns=\"urn:one\"><b xmlns=\"urn:two\"><c xmlns=\"urn:one\"/><d xmlns=\"urn:two\"/></b><e xmlns=\"urn:one\"/></a>",
        "default namespace redeclared to a different URI and back; identical redeclarations are superfluous")
    add("ns-empty-default-superfluous",
        "<a><b xmlns=\"\"><c xmlns=\"\"/></b><d xmlns=\"\"/></a>",
        "xmlns=\"\" where no default namespace is in scope is never output")
    add("ns-empty-default-depths",
        "<a xmlns=\"urn:a\"><b><c xmlns=\"\"><d/><e xmlns=\"urn:a\"><f xmlns=\"\"/><g/></e><h xmlns=\"\"/></c></b></a>",
        "xmlns=\"\" undeclaration at several depths; output only where the output parent has a non-empty default")
    add("ns-empty-default-unqualified-under-prefixed",
        "<p:a xmlns:p=\"urn:p\" xmlns=\"urn:d\"><b xmlns=\"\"><p:c><d/></p:c></b></p:a>",
        "xmlns=\"\" on an unqualified child of a prefixed parent; exclusive mode never renders the unused default")
    add("ns-unused-prefixes",
        "<doc xmlns:unused=\"urn:unused\" xmlns:u2=\"urn:u2\"><child xmlns:u3=\"urn:u3\">t</child></doc>",
        "declared but unused prefixes: kept by inclusive c14n, dropped by exclusive c14n")
    add("ns-prefix-used-in-attribute-only",
        "<doc xmlns:a=\"urn:a\" xmlns:b=\"urn:b\"><x a:att=\"1\"/><y><z b:att=\"2\"/></y></doc>",
        "prefixes used only on attributes: exclusive c14n renders them on the element carrying the attribute")
    add("ns-same-prefix-different-uris",
        "<p:a xmlns:p=\"urn:1\"><p:b xmlns:p=\"urn:2\"><p:c xmlns:p=\"urn:1\"/><p:d/></p:b><p:e/></p:a>",
        "the same prefix bound to different URIs at different depths")
    add("ns-redundant-redeclaration",
        "<a xmlns:p=\"urn:p\"><b xmlns:p=\"urn:p\"><p:c xmlns:p=\"urn:p\"/></b></a>",
        "a prefix redeclared with the same URI below: inclusive outputs it once at the top; "
        "exclusive outputs it where it is first used")
    add("ns-exclusive-siblings",
        "<r xmlns:p=\"urn:p\"><p:a/><p:b/><c><p:d/></c></r>",
        "exclusive c14n renders the prefix on every sibling that uses it (not on their unused parents)")
    add("ns-xml-prefix-declared",
        "<doc xmlns:xml=\"http://www.w3.org/XML/1998/namespace\" xml:lang=\"en\"><x xml:space=\"preserve\"/></doc>",
        "an explicit declaration of the xml prefix is never output")
    add("ns-default-and-prefix-same-uri",
        "<a xmlns=\"urn:x\" xmlns:x=\"urn:x\"><x:b/><b x:at=\"1\"/></a>",
        "default namespace and a prefix bound to the same URI")
    add("ns-prefixlist-whole-document",
        "<doc xmlns:keep=\"urn:keep\" xmlns:drop=\"urn:drop\" xmlns=\"urn:default\"><inner xmlns:keep2=\"urn:keep2\"/></doc>",
        "InclusiveNamespaces on a whole document: listed prefixes (and #default) are rendered like inclusive c14n",
        prefixes=["keep", "keep2", "#default"])
    add("ns-prefixlist-default-whole-document",
        "<p:r xmlns:p=\"urn:p\" xmlns=\"urn:d\"><p:a><b/></p:a><p:c xmlns=\"urn:e\"/></p:r>",
        "#default listed, whole document: the unused default namespace is rendered on the prefixed root "
        "(and the redeclaration to urn:e on p:c), so b needs no declaration of its own",
        prefixes=["#default"])
    add("ns-prefixlist-default-undeclared",
        "<r xmlns=\"urn:d\"><p:x xmlns:p=\"urn:p\" xmlns=\"\"><p:y/><z/></p:x></r>",
        "#default listed: the xmlns=\"\" on a prefixed element that does not use the default namespace "
        "is rendered, because the rendered default of its output parent is non-empty",
        prefixes=["#default"])
    add("ns-prefixlist-default-and-prefix",
        "<r xmlns=\"urn:d\" xmlns:k=\"urn:k\"><q:x xmlns:q=\"urn:q\"><q:y xmlns=\"urn:d2\" xmlns:k=\"urn:k2\"/></q:x></r>",
        "#default and a prefix listed together; both are rebound lower down and rendered again there",
        prefixes=["k", "#default"])
    add("xml-attrs-whole-document",
        "<doc xml:lang=\"en\" xml:space=\"preserve\"><a xml:lang=\"fr\"><b/></a></doc>",
        "xml:* attributes in a whole document are output only where written")

    # --- Subtrees ------------------------------------------------------------------------
    add("subtree-simple",
        "<root><a ID=\"s1\"><b>t</b></a><c/></root>",
        "subtree selected by an ID attribute; siblings are not output", subtree_id="s1")
    add("subtree-apex-is-root",
        "<!--outside--><root ID=\"top\" xmlns:u=\"urn:u\"><!--in--><a/></root><!--after-->",
        "subtree apex is the document element: document-level comments are not in the subtree", subtree_id="top")
    add("subtree-lowercase-id",
        "<root><x id=\"lower\">a</x><x Id=\"other\">b</x></root>",
        "subtree selected by a lowercase id attribute", subtree_id="lower")
    add("subtree-Id",
        "<root><x id=\"lower\">a</x><x Id=\"mixed\">b</x></root>",
        "subtree selected by an Id attribute", subtree_id="mixed")
    add("subtree-ancestor-namespaces",
        "<r xmlns=\"urn:d\" xmlns:a=\"urn:a\" xmlns:u=\"urn:unused\"><m xmlns:b=\"urn:b\"><x ID=\"s\" a:at=\"1\"><b:y/><z xmlns:c=\"urn:c\"/></x></m></r>",
        "apex inherits namespaces from ancestors: inclusive outputs all in scope (incl. unused and default), exclusive only visibly utilized ones",
        subtree_id="s")
    add("subtree-apex-declares-vs-ancestor",
        "<r xmlns:a=\"urn:a-outer\" xmlns:b=\"urn:b\"><x ID=\"s\" xmlns:a=\"urn:a-inner\" xmlns:c=\"urn:c\"><a:y/><c:z/></x></r>",
        "apex rebinds a prefix of an ancestor and declares its own; ancestor binding is shadowed",
        subtree_id="s")
    add("subtree-apex-undeclares-default",
        "<r xmlns=\"urn:d\"><x ID=\"s\" xmlns=\"\"><y/><z xmlns=\"urn:d\"/></x></r>",
        "apex carries xmlns=\"\" under a default-namespace ancestor: no xmlns=\"\" on the apex in either mode",
        subtree_id="s")
    add("subtree-default-ns-from-ancestor",
        "<r xmlns=\"urn:d\"><m><x ID=\"s\"><y xmlns=\"\"><z/></y></x></m></r>",
        "apex is in the default namespace declared on an ancestor; a child undeclares it", subtree_id="s")
    add("subtree-unqualified-under-undeclared-default",
        "<r xmlns=\"urn:d\"><m xmlns=\"\"><x ID=\"s\"><y/></x></m></r>",
        "apex is unqualified because an ancestor undeclared the default namespace", subtree_id="s")
    add("subtree-xml-attr-inheritance",
        "<r xml:lang=\"fr\" xml:space=\"preserve\" xml:base=\"http://example.com/base/\"><m xml:lang=\"en\"><x ID=\"s\"><y/></x></m></r>",
        "C14N 1.0 §2.4: the inclusive apex gets xml:* attributes inherited from ancestors (nearest wins, incl. xml:base); exclusive does not",
        subtree_id="s")
    add("subtree-xml-attr-apex-overrides",
        "<r xml:lang=\"fr\" xml:space=\"preserve\"><x ID=\"s\" xml:lang=\"de\" z=\"1\"><y xml:lang=\"it\"/></x></r>",
        "apex already has xml:lang: its own value wins, xml:space still inherited (inclusive)",
        subtree_id="s")
    add("subtree-comments-inside",
        "<r><!--outside--><x ID=\"s\"><!--c1-->text<?pi d?><y><!--c2--></y></x><!--after--></r>",
        "comments and PIs inside a subtree; with-comments modes keep the inner ones only", subtree_id="s")
    add("subtree-prefixlist",
        "<r xmlns:u=\"urn:u\" xmlns:v=\"urn:v\" xmlns:w=\"urn:w\"><x ID=\"s\"><y/></x></r>",
        "InclusiveNamespaces PrefixList: listed in-scope prefixes are output on the apex even when unused; "
        "a listed prefix not in scope (nope) is ignored",
        subtree_id="s", prefixes=["u", "v", "nope"])
    add("subtree-prefixlist-default",
        "<r xmlns=\"urn:d\" xmlns:p=\"urn:p\"><p:x ID=\"s\"><p:y/></p:x></r>",
        "#default in the PrefixList renders the ancestor's default namespace on a prefixed apex",
        subtree_id="s", prefixes=["#default"])
    add("subtree-prefixlist-default-undeclared",
        "<r xmlns=\"urn:d\"><x xmlns=\"\" ID=\"s\"><y xmlns=\"urn:e\"/></x></r>",
        "#default listed while the default namespace is undeclared at the apex: nothing to render on the apex",
        subtree_id="s", prefixes=["#default"])
    add("subtree-prefixlist-on-descendant",
        "<r><x ID=\"s\"><y xmlns:k=\"urn:k\" xmlns:j=\"urn:j\"><z/></y></x></r>",
        "a listed prefix declared on a descendant that does not use it is rendered there (inclusive rule); an unlisted one is not",
        subtree_id="s", prefixes=["k"])
    add("subtree-prefixlist-default-deep",
        "<r xmlns=\"urn:d\"><m xmlns:p=\"urn:p\"><p:x ID=\"s\"><p:y xmlns=\"\"><p:z xmlns=\"urn:d\"/></p:y></p:x></m></r>",
        "#default listed for a subtree: rendered on the prefixed apex, undeclared (xmlns=\"\") and redeclared below",
        subtree_id="s", prefixes=["#default", "p"])
    add("subtree-apex-declares-default-grandchildren",
        "<R><A xmlns=\"urn:a\" ID=\"s\"><S><N>n</N></S></A></R>",
        "apex declares the default namespace and has grandchildren in it: no xmlns=\"\" anywhere "
        "(lxml's element c14n wrongly emits one on N, see EXCEPTIONS.md)",
        subtree_id="s")
    add("subtree-exclusive-empty-default-inside",
        "<r xmlns=\"urn:d\"><x ID=\"s\"><y xmlns=\"\"><z xmlns=\"urn:d\"/></y></x></r>",
        "inside the subtree a child undeclares the default namespace used by the apex: xmlns=\"\" needed in both modes",
        subtree_id="s")
    add("subtree-same-prefix-rebound",
        "<p:r xmlns:p=\"urn:1\"><p:x ID=\"s\"><p:y xmlns:p=\"urn:2\"><p:z xmlns:p=\"urn:1\"/></p:y></p:x></p:r>",
        "same prefix bound to different URIs at different depths inside a subtree", subtree_id="s")
    add("subtree-attr-prefix-only",
        "<r xmlns:a=\"urn:a\" xmlns:b=\"urn:b\"><x ID=\"s\" b:flag=\"1\"><y a:k=\"v\"/></x></r>",
        "prefixes used only by attributes, on the apex and on a descendant", subtree_id="s")

    # --- SAML-shaped ----------------------------------------------------------------------
    add("saml-assertion-exc-xs",
        SAML_RESPONSE,
        "SAML Response with a signed Assertion; the Assertion subtree with PrefixList xs (the Signature is kept as ordinary content: "
        "the enveloped-signature transform is not part of these vectors)",
        subtree_id="_assert-9d8e", prefixes=["xs"])
    add("saml-assertion-exc-noprefix",
        SAML_RESPONSE,
        "the same Assertion without a PrefixList: xs is used only inside attribute values, so exclusive c14n omits it",
        subtree_id="_assert-9d8e")
    add("saml-response-root",
        SAML_RESPONSE,
        "the whole Response as a subtree (apex = document element, no XML declaration)",
        subtree_id="_resp-7f3a")
    add("saml-signature-subtree",
        SAML_RESPONSE,
        "the ds:Signature element (Id attribute) as a subtree: inherits saml/samlp/xs/xsi namespaces in inclusive mode",
        subtree_id="sig-1")
    add("saml-whole-document",
        SAML_RESPONSE,
        "the whole SAML Response document")
    add("saml-default-ns-assertion",
        SAML_DEFAULT_NS,
        "Entra-style Assertion using the SAML assertion namespace as default and a Signature with a default XML-DSig namespace",
        subtree_id="_a1")
    add("saml-okta-assertion",
        SAML_OKTA,
        "Okta-style saml2 prefixes; xs declared on the Response used only as a QName in xsi:type; PrefixList xs",
        subtree_id="id2", prefixes=["xs"])
    add("saml-okta-response",
        SAML_OKTA,
        "Okta-style Response as a subtree; redundant redeclaration of saml2p on Status",
        subtree_id="id1")
    return c
