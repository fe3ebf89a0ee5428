/work/wt/xmlenc/bench/native/target/release/deps/saml_edge-635842ca1b72819f.d: /work/wt/xmlenc/src/lib.rs /work/wt/xmlenc/src/c14n.rs /work/wt/xmlenc/src/crypto/mod.rs /work/wt/xmlenc/src/crypto/algorithm.rs /work/wt/xmlenc/src/crypto/cert.rs /work/wt/xmlenc/src/crypto/hash.rs /work/wt/xmlenc/src/crypto/key.rs /work/wt/xmlenc/src/crypto/pem.rs /work/wt/xmlenc/src/crypto/rsa_pkcs1.rs /work/wt/xmlenc/src/crypto/x509.rs /work/wt/xmlenc/src/dsig/mod.rs /work/wt/xmlenc/src/dsig/shape.rs /work/wt/xmlenc/src/encoding.rs /work/wt/xmlenc/src/error.rs /work/wt/xmlenc/src/limits.rs /work/wt/xmlenc/src/saml/mod.rs /work/wt/xmlenc/src/saml/authn_request.rs /work/wt/xmlenc/src/saml/bindings.rs /work/wt/xmlenc/src/saml/claims.rs /work/wt/xmlenc/src/saml/conditions.rs /work/wt/xmlenc/src/saml/metadata.rs /work/wt/xmlenc/src/saml/ns.rs /work/wt/xmlenc/src/saml/options.rs /work/wt/xmlenc/src/saml/response.rs /work/wt/xmlenc/src/time.rs /work/wt/xmlenc/src/trust.rs /work/wt/xmlenc/src/xml/mod.rs /work/wt/xmlenc/src/xml/parser.rs /work/wt/xmlenc/src/xml/pretty.rs /work/wt/xmlenc/src/xml/scope.rs /work/wt/xmlenc/src/xml/tree.rs /work/wt/xmlenc/src/xmlenc/mod.rs /work/wt/xmlenc/src/xmlenc/algorithms.rs /work/wt/xmlenc/src/xmlenc/cipher.rs /work/wt/xmlenc/src/xmlenc/keys.rs /work/wt/xmlenc/src/xmlenc/oaep.rs /work/wt/xmlenc/src/xmlenc/splice.rs /work/wt/xmlenc/src/xmlenc/structure.rs

/work/wt/xmlenc/bench/native/target/release/deps/libsaml_edge-635842ca1b72819f.rlib: /work/wt/xmlenc/src/lib.rs /work/wt/xmlenc/src/c14n.rs /work/wt/xmlenc/src/crypto/mod.rs /work/wt/xmlenc/src/crypto/algorithm.rs /work/wt/xmlenc/src/crypto/cert.rs /work/wt/xmlenc/src/crypto/hash.rs /work/wt/xmlenc/src/crypto/key.rs /work/wt/xmlenc/src/crypto/pem.rs /work/wt/xmlenc/src/crypto/rsa_pkcs1.rs /work/wt/xmlenc/src/crypto/x509.rs /work/wt/xmlenc/src/dsig/mod.rs /work/wt/xmlenc/src/dsig/shape.rs /work/wt/xmlenc/src/encoding.rs /work/wt/xmlenc/src/error.rs /work/wt/xmlenc/src/limits.rs /work/wt/xmlenc/src/saml/mod.rs /work/wt/xmlenc/src/saml/authn_request.rs /work/wt/xmlenc/src/saml/bindings.rs /work/wt/xmlenc/src/saml/claims.rs /work/wt/xmlenc/src/saml/conditions.rs /work/wt/xmlenc/src/saml/metadata.rs /work/wt/xmlenc/src/saml/ns.rs /work/wt/xmlenc/src/saml/options.rs /work/wt/xmlenc/src/saml/response.rs /work/wt/xmlenc/src/time.rs /work/wt/xmlenc/src/trust.rs /work/wt/xmlenc/src/xml/mod.rs /work/wt/xmlenc/src/xml/parser.rs /work/wt/xmlenc/src/xml/pretty.rs /work/wt/xmlenc/src/xml/scope.rs /work/wt/xmlenc/src/xml/tree.rs /work/wt/xmlenc/src/xmlenc/mod.rs /work/wt/xmlenc/src/xmlenc/algorithms.rs /work/wt/xmlenc/src/xmlenc/cipher.rs /work/wt/xmlenc/src/xmlenc/keys.rs /work/wt/xmlenc/src/xmlenc/oaep.rs /work/wt/xmlenc/src/xmlenc/splice.rs /work/wt/xmlenc/src/xmlenc/structure.rs

/work/wt/xmlenc/bench/native/target/release/deps/libsaml_edge-635842ca1b72819f.rmeta: /work/wt/xmlenc/src/lib.rs /work/wt/xmlenc/src/c14n.rs /work/wt/xmlenc/src/crypto/mod.rs /work/wt/xmlenc/src/crypto/algorithm.rs /work/wt/xmlenc/src/crypto/cert.rs /work/wt/xmlenc/src/crypto/hash.rs /work/wt/xmlenc/src/crypto/key.rs /work/wt/xmlenc/src/crypto/pem.rs /work/wt/xmlenc/src/crypto/rsa_pkcs1.rs /work/wt/xmlenc/src/crypto/x509.rs /work/wt/xmlenc/src/dsig/mod.rs /work/wt/xmlenc/src/dsig/shape.rs /work/wt/xmlenc/src/encoding.rs /work/wt/xmlenc/src/error.rs /work/wt/xmlenc/src/limits.rs /work/wt/xmlenc/src/saml/mod.rs /work/wt/xmlenc/src/saml/authn_request.rs /work/wt/xmlenc/src/saml/bindings.rs /work/wt/xmlenc/src/saml/claims.rs /work/wt/xmlenc/src/saml/conditions.rs /work/wt/xmlenc/src/saml/metadata.rs /work/wt/xmlenc/src/saml/ns.rs /work/wt/xmlenc/src/saml/options.rs /work/wt/xmlenc/src/saml/response.rs /work/wt/xmlenc/src/time.rs /work/wt/xmlenc/src/trust.rs /work/wt/xmlenc/src/xml/mod.rs /work/wt/xmlenc/src/xml/parser.rs /work/wt/xmlenc/src/xml/pretty.rs /work/wt/xmlenc/src/xml/scope.rs /work/wt/xmlenc/src/xml/tree.rs /work/wt/xmlenc/src/xmlenc/mod.rs /work/wt/xmlenc/src/xmlenc/algorithms.rs /work/wt/xmlenc/src/xmlenc/cipher.rs /work/wt/xmlenc/src/xmlenc/keys.rs /work/wt/xmlenc/src/xmlenc/oaep.rs /work/wt/xmlenc/src/xmlenc/splice.rs /work/wt/xmlenc/src/xmlenc/structure.rs

/work/wt/xmlenc/src/lib.rs:
/work/wt/xmlenc/src/c14n.rs:
/work/wt/xmlenc/src/crypto/mod.rs:
/work/wt/xmlenc/src/crypto/algorithm.rs:
/work/wt/xmlenc/src/crypto/cert.rs:
/work/wt/xmlenc/src/crypto/hash.rs:
/work/wt/xmlenc/src/crypto/key.rs:
/work/wt/xmlenc/src/crypto/pem.rs:
/work/wt/xmlenc/src/crypto/rsa_pkcs1.rs:
/work/wt/xmlenc/src/crypto/x509.rs:
/work/wt/xmlenc/src/dsig/mod.rs:
/work/wt/xmlenc/src/dsig/shape.rs:
/work/wt/xmlenc/src/encoding.rs:
/work/wt/xmlenc/src/error.rs:
/work/wt/xmlenc/src/limits.rs:
/work/wt/xmlenc/src/saml/mod.rs:
/work/wt/xmlenc/src/saml/authn_request.rs:
/work/wt/xmlenc/src/saml/bindings.rs:
/work/wt/xmlenc/src/saml/claims.rs:
/work/wt/xmlenc/src/saml/conditions.rs:
/work/wt/xmlenc/src/saml/metadata.rs:
/work/wt/xmlenc/src/saml/ns.rs:
/work/wt/xmlenc/src/saml/options.rs:
/work/wt/xmlenc/src/saml/response.rs:
/work/wt/xmlenc/src/time.rs:
/work/wt/xmlenc/src/trust.rs:
/work/wt/xmlenc/src/xml/mod.rs:
/work/wt/xmlenc/src/xml/parser.rs:
/work/wt/xmlenc/src/xml/pretty.rs:
/work/wt/xmlenc/src/xml/scope.rs:
/work/wt/xmlenc/src/xml/tree.rs:
/work/wt/xmlenc/src/xmlenc/mod.rs:
/work/wt/xmlenc/src/xmlenc/algorithms.rs:
/work/wt/xmlenc/src/xmlenc/cipher.rs:
/work/wt/xmlenc/src/xmlenc/keys.rs:
/work/wt/xmlenc/src/xmlenc/oaep.rs:
/work/wt/xmlenc/src/xmlenc/splice.rs:
/work/wt/xmlenc/src/xmlenc/structure.rs:
