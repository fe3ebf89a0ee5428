#!/usr/bin/env python3
"""Validate XML documents against the OASIS SAML 2.0 schemas with lxml (libxml2's XML Schema).

    python3 tests/interop/xsd.py SCHEMA_DIR metadata|protocol FILE...

`metadata` uses saml-schema-metadata-2.0.xsd (EntityDescriptor, EntitiesDescriptor); `protocol`
uses saml-schema-protocol-2.0.xsd (AuthnRequest, LogoutRequest, LogoutResponse). The schemas come
from tests/interop/fetch-xsd.sh. Prints one line per file; exits 1 if any is invalid.
"""
import os
import sys

from lxml import etree

SCHEMAS = {"metadata": "saml-schema-metadata-2.0.xsd", "protocol": "saml-schema-protocol-2.0.xsd"}


def main():
    if len(sys.argv) < 4 or sys.argv[2] not in SCHEMAS:
        sys.exit(__doc__)
    schema_dir, kind, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    # The schemas import each other by relative schemaLocation; nothing is fetched from the network.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    cwd = os.getcwd()
    os.chdir(schema_dir)
    try:
        schema = etree.XMLSchema(etree.parse(SCHEMAS[kind], parser))
    finally:
        os.chdir(cwd)
    bad = 0
    for f in files:
        doc = etree.parse(f, etree.XMLParser(no_network=True, resolve_entities=False))
        if schema.validate(doc):
            print(f"valid   {f}")
        else:
            bad += 1
            print(f"INVALID {f}")
            for e in schema.error_log:
                print(f"  line {e.line}: {e.message}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
