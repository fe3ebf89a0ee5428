/*
 * libxmlsec1 called from C in-process: the reference row of BENCHMARKS.md. Timed like the other
 * verifiers of bench/run.sh: accept the valid fixture, refuse the tampered one, then time the valid
 * one. One JSON line per fixture, in the shape bench/python/xmlsec_bench.py prints.
 *
 *   xmlsec_bench CERT.pem [--reps 5] [--target-ms 400] NAME FILE TAMPERED NAME_ID [NAME FILE ...]
 *   xmlsec_bench --versions
 *
 * Set-up once: the pinned certificate is loaded as the only key. One verification, from the same
 * base64 input the other rows get: base64 decode, parse (no DTD loading, no entity substitution,
 * no network), register the `ID` attributes as XML IDs, verify every ds:Signature child of the
 * Response and of its Assertion with xmlSecDSigCtxVerify and the pinned key, then read the NameID.
 * Signatures only: none of the SAML checks (times, audience, InResponseTo, ...).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <xmlsec/crypto.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/base64.h>
#include <xmlsec/errors.h>

static const xmlChar DS[] = "http://www.w3.org/2000/09/xmldsig#";
static const xmlChar SAML[] = "urn:oasis:names:tc:SAML:2.0:assertion";

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) buf[n] = 0;
  *len = (size_t)n;
  return buf;
}

/* Every element's unqualified `ID` attribute becomes an XML ID (what xmlsec.tree.add_ids does). */
static void add_ids(xmlDocPtr doc, xmlNodePtr node) {
  for (xmlNodePtr n = node; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    xmlAttrPtr a = xmlHasProp(n, BAD_CAST "ID");
    if (a && a->ns == NULL) {
      xmlChar *v = xmlNodeListGetString(doc, a->children, 1);
      if (v) {
        xmlAddID(NULL, doc, v, a);
        xmlFree(v);
      }
    }
    add_ids(doc, n->children);
  }
}

static xmlNodePtr child(xmlNodePtr parent, const char *name, const xmlChar *ns) {
  return parent ? xmlSecFindChild(parent, BAD_CAST name, ns) : NULL;
}

/* Standard base64 decoded in place with a lookup table, as Python's binascii does (libxmlsec1's own
 * xmlSecBase64DecodeInPlace is a general streaming decoder, several times slower, and would make this
 * reference row slower than the Python one). Whitespace is skipped; anything else outside the alphabet
 * is an error. */
static int fast_b64_decode_in_place(xmlChar *s, xmlSecSize *out_len) {
  static signed char table[256];
  static int ready = 0;
  if (!ready) {
    const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 256; i++) table[i] = -1;
    for (int i = 0; i < 64; i++) table[(unsigned char)alphabet[i]] = (signed char)i;
    table[' '] = table['\n'] = table['\r'] = table['\t'] = -2;
    table['='] = -3;
    ready = 1;
  }
  size_t o = 0;
  unsigned int acc = 0;
  int n = 0;
  for (const xmlChar *p = s; *p; p++) {
    int v = table[*p];
    if (v >= 0) {
      acc = acc << 6 | (unsigned int)v;
      if (++n == 4) {
        s[o++] = (xmlChar)(acc >> 16); s[o++] = (xmlChar)(acc >> 8); s[o++] = (xmlChar)acc;
        acc = 0; n = 0;
      }
    } else if (v == -3) {
      break;
    } else if (v != -2) {
      return -1;
    }
  }
  if (n == 2) s[o++] = (xmlChar)(acc >> 4);
  else if (n == 3) { s[o++] = (xmlChar)(acc >> 10); s[o++] = (xmlChar)(acc >> 2); }
  else if (n == 1) return -1;
  *out_len = (xmlSecSize)o;
  return 0;
}

/* 0 and the NameID in *name_id (to free) when every signature verifies; -1 with a reason otherwise. */
static int verify(const xmlChar *b64, xmlSecKeyPtr key, char **name_id, const char **why) {
  xmlChar *xml = xmlStrdup(b64);
  xmlSecSize len = 0; /* decoded in place: never longer than the base64 */
  if (fast_b64_decode_in_place(xml, &len) < 0) { xmlFree(xml); *why = "base64"; return -1; }
  xmlDocPtr doc = xmlReadMemory((const char *)xml, (int)len, NULL, NULL, XML_PARSE_NONET);
  xmlFree(xml);
  if (!doc) { *why = "parse"; return -1; }
  int rc = -1;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  add_ids(doc, root);
  xmlNodePtr assertion = child(root, "Assertion", SAML);
  xmlNodePtr sigs[2] = {child(root, "Signature", DS), child(assertion, "Signature", DS)};
  int checked = 0;
  *why = "unsigned";
  for (int i = 0; i < 2; i++) {
    if (!sigs[i]) continue;
    xmlSecDSigCtxPtr ctx = xmlSecDSigCtxCreate(NULL);
    ctx->signKey = xmlSecKeyDuplicate(key);
    int ok = xmlSecDSigCtxVerify(ctx, sigs[i]) == 0 && ctx->status == xmlSecDSigStatusSucceeded;
    xmlSecDSigCtxDestroy(ctx);
    if (!ok) { *why = "signature does not verify"; checked = -1; break; }
    checked++;
  }
  if (checked > 0) {
    xmlNodePtr nid = child(child(assertion, "Subject", SAML), "NameID", SAML);
    if (nid) {
      *name_id = (char *)xmlNodeGetContent(nid);
      rc = 0;
    } else {
      *why = "no NameID";
    }
  }
  xmlFreeDoc(doc);
  return rc;
}

static xmlChar *base64_of(const char *path) {
  size_t n;
  char *raw = read_file(path, &n);
  if (!raw) return NULL;
  xmlChar *b64 = xmlSecBase64Encode((const xmlSecByte *)raw, (xmlSecSize)n, 0);
  free(raw);
  return b64;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--versions") == 0) {
    printf("{\"libxmlsec1 (C)\": \"%d.%d.%d\", \"libxml2\": \"%s\"}\n", XMLSEC_VERSION_MAJOR, XMLSEC_VERSION_MINOR,
           XMLSEC_VERSION_SUBMINOR, xmlParserVersion);
    return 0;
  }
  if (argc < 2) {
    fprintf(stderr, "usage: xmlsec_bench CERT.pem [--reps N] [--target-ms T] NAME FILE TAMPERED NAME_ID ...\n");
    return 2;
  }
  int reps = 5;
  double target_ms = 400;
  int i = 2;
  for (; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--reps") == 0) reps = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--target-ms") == 0) target_ms = atof(argv[i + 1]);
    else break;
  }
  if ((argc - i) % 4 != 0 || reps < 1) {
    fprintf(stderr, "fixtures come in fours: NAME FILE TAMPERED NAME_ID\n");
    return 2;
  }

  xmlInitParser();
  xmlLoadExtDtdDefaultValue = 0;
  xmlSubstituteEntitiesDefault(0);
  if (xmlSecInit() < 0 || xmlSecCheckVersion() != 1 || xmlSecCryptoAppInit(NULL) < 0 || xmlSecCryptoInit() < 0) {
    fprintf(stderr, "xmlsec initialisation failed\n");
    return 1;
  }
  xmlSecErrorsDefaultCallbackEnableOutput(0); /* the tampered fixture's failure is expected */
  xmlSecKeyPtr key = xmlSecCryptoAppKeyLoad(argv[1], xmlSecKeyDataFormatCertPem, NULL, NULL, NULL);
  if (!key) {
    fprintf(stderr, "cannot load %s\n", argv[1]);
    return 1;
  }

  for (; i < argc; i += 4) {
    const char *name = argv[i], *file = argv[i + 1], *tampered = argv[i + 2], *want = argv[i + 3];
    xmlChar *good = base64_of(file), *bad = base64_of(tampered);
    if (!good || !bad) {
      fprintf(stderr, "cannot read %s or %s\n", file, tampered);
      return 1;
    }
    char *nid = NULL;
    const char *why = "";
    int accepted = verify(good, key, &nid, &why) == 0 && strcmp(nid, want) == 0;
    printf("{\"verifier\": \"libxmlsec1 (C)\", \"fixture\": \"%s\", \"accept\": {\"ok\": %s, \"detail\": \"%s\"}", name,
           accepted ? "true" : "false", nid ? nid : why);
    xmlFree(nid);
    nid = NULL;
    int refused = verify(bad, key, &nid, &why) != 0;
    printf(", \"refuse\": {\"ok\": %s, \"detail\": \"%s\"}", refused ? "true" : "false",
           refused ? why : "accepted the tampered response");
    xmlFree(nid);
    if (accepted && refused) {
      /* Calibrate: at least 20 runs and 0.3 s, then enough iterations for target_ms per repetition. */
      double t0 = now_us();
      long n = 0;
      while (n < 20 || now_us() - t0 < 3e5) {
        verify(good, key, &nid, &why);
        xmlFree(nid);
        nid = NULL;
        n++;
      }
      long iters = (long)(target_ms * 1e3 / ((now_us() - t0) / n)) + 1;
      if (iters < 5) iters = 5;
      printf(", \"iters\": %ld, \"us\": [", iters);
      for (int r = 0; r < reps; r++) {
        double t = now_us();
        for (long k = 0; k < iters; k++) {
          verify(good, key, &nid, &why);
          xmlFree(nid);
          nid = NULL;
        }
        printf("%s%.3f", r ? ", " : "", (now_us() - t) / iters);
      }
      printf("]");
    }
    printf("}\n");
    fflush(stdout);
    xmlFree(good);
    xmlFree(bad);
  }
  xmlSecKeyDestroy(key);
  xmlSecCryptoShutdown();
  xmlSecCryptoAppShutdown();
  xmlSecShutdown();
  xmlCleanupParser();
  return 0;
}
