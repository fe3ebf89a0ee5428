// Writes a private SimpleSAMLphp (Debian's `simplesamlphp` 1.19) configuration for the demo IdP:
//
//   <dir>/config/config.php                         baseurlpath = http://127.0.0.1:<port>/, private dirs;
//                                                   metadata sources: the hosted IdP, and the SP's metadata
//   <dir>/config/authsources.php                    the test users: exampleauth:UserPass extended (a class
//                                                   declared in that file, no change to Debian's files) so
//                                                   that the portal's login_hint pre-fills the username and
//                                                   a user signs in by any of their names
//   <dir>/metadata/saml20-idp-hosted.php            this IdP: RSA-2048 key made here, signs the Assertion,
//                                                   requires signed AuthnRequests, signs and validates logout;
//                                                   encrypts the Assertion and signs the Response as
//                                                   <dir>/idp-policy.json says (read on every request)
//   <dir>/sp-metadata.xml                           the SP, ONLY as the metadata it publishes: demo/run.mjs
//                                                   writes what the portal serves at /saml/metadata (until
//                                                   then an empty EntitiesDescriptor); no hand-written SP entry
//   <dir>/cert/idp.key, idp.crt                     `openssl req -x509` (RSA-2048, SHA-256)
//
// SimpleSAMLphp reads it when SIMPLESAMLPHP_CONFIG_DIR=<dir>/config (see demo/run.mjs), and reads the
// SP's metadata file again on every request. The user's attributes are shaped like Entra ID's claims:
// URI names for name/email/given name/surname/display name, plus `sAMAccountName` and `upn`; the
// NameID is the UPN (the emailAddress format the SP's metadata asks for). Like Entra, the IdP signs
// the Assertion (RSA-SHA256, exclusive C14N) and, by default, not the Response, and signs its own metadata.
//
// Encrypted assertions, as Entra's token encryption: the IdP encrypts the Assertion (signed first) to the
// certificate of the SP metadata's KeyDescriptor use="encryption". SimpleSAMLphp 1.19 reads no
// `assertion.encryption` from XML metadata (SAMLParser maps no element to it; the `xml` metadata source
// takes nothing else), and its IdP (modules/saml/lib/IdP/SAML2.php, encryptAssertion) uses the hosted IdP's
// `assertion.encryption` for an SP entry that does not set it: so the switch is here, and the SP stays
// described only by its metadata. What it sends for an RSA certificate is fixed: the content key by
// RSA-OAEP-MGF1P (xmlenc#rsa-oaep-mgf1p, SHA-1), the Assertion by AES-128-CBC (saml2's EncryptedAssertion).
//
// The login form: SimpleSAMLphp 1.19 ignores `login_hint`, but its form (modules/core/www/loginuserpass.php)
// pre-fills the username from the login state's `core:username`. The generated auth source sets it from
// the login_hint of the SSO request, and accepts each user under the names the portal suggests (the
// username, the UPN, DOMAIN\sAMAccountName, sAMAccountName@domain; any letter case), as Entra ID takes the
// UPN and AD FS also DOMAIN\name: the account typed at the portal is what the IdP's form shows, and the user
// types only the password.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's package puts SimpleSAMLphp; `www/` is the document root. */
export const SSP_ROOT = '/usr/share/simplesamlphp';

export const USER = Object.freeze({
  username: 'B.Simon',
  samAccountName: 'bsimon',
  upn: 'B.Simon@contoso.com',
});

/** A second user in 150 groups, Entra's most before it sends the overage link instead of the claims. */
export const MANY_GROUPS_USER = Object.freeze({
  username: 'G.Many',
  samAccountName: 'gmany',
  upn: 'G.Many@contoso.com',
  groups: Object.freeze(Array.from({ length: 150 }, (_, i) => {
    const n = (i + 1).toString(16).padStart(12, '0');
    return `6a1f0c2e-${(1000 + i).toString(16).padStart(4, '0')}-4d3b-9e5a-${n}`;
  })),
});

/**
 * A third user in more than 150 groups: as Entra ID does then, the IdP sends no groups claim but the
 * overage link (`groups.link`) with the `tenantid` and `objectidentifier` claims, and the portal asks the
 * directory (Microsoft Graph; in the demo the local stand-in, tests/entra/directory-server.mjs) for them.
 */
export const OVERAGE_USER = Object.freeze({
  username: 'G.Overage',
  samAccountName: 'goverage',
  upn: 'G.Overage@contoso.com',
  objectId: '5d8e2b7a-3c41-4f09-9b6e-0a2d4c6f8e15',
});

/** The NetBIOS domain of the down-level logon names (CONTOSO\bsimon). */
const DOMAIN = 'CONTOSO';
const DNS_DOMAIN = 'contoso.com';

const CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
const MS_CLAIMS = 'http://schemas.microsoft.com/identity/claims';
const GROUPS_LINK = 'http://schemas.microsoft.com/claims/groups.link';

/** The names a user signs in by (lower case) -> the username: the portal suggests all of them. */
function aliasesOf(user) {
  const names = [user.username, user.upn, `${DOMAIN}\\${user.samAccountName}`, `${user.samAccountName}@${DNS_DOMAIN}`, user.samAccountName];
  return Object.fromEntries(names.map((n) => [n.toLowerCase(), user.username]));
}

/** A PHP single-quoted string literal (only \ and ' need escaping). */
const php = (s) => `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The IdP's switches for the portal, as an administrator flips them (Entra: Token encryption, Signing
 * Option): `encryptAssertion` (SimpleSAMLphp's `assertion.encryption`) and `signResponse`
 * (`saml20.sign.response`; the Assertion is always signed). The hosted IdP's metadata reads them from
 * <dir>/idp-policy.json on every request, so a change applies to the next login.
 */
export const DEFAULT_POLICY = Object.freeze({ encryptAssertion: true, signResponse: false });

function writePolicy(file, policy) {
  const p = { ...DEFAULT_POLICY, ...policy };
  for (const [k, v] of Object.entries(p)) {
    if (!(k in DEFAULT_POLICY) || typeof v !== 'boolean') throw new TypeError(`IdP policy: ${k} must be one of ${Object.keys(DEFAULT_POLICY).join(', ')}, a boolean`);
  }
  writeFileSync(file, `${JSON.stringify(p)}\n`);
  return p;
}

const phpArray = (obj, indent = '    ') =>
  `[\n${Object.entries(obj)
    .map(([k, v]) => `${indent}${php(k)} => ${Array.isArray(v) ? `[${v.map(php).join(', ')}]` : typeof v === 'boolean' ? String(v) : php(v)},`)
    .join('\n')}\n${indent.slice(4)}]`;

/**
 * Writes the configuration; returns what the SP and the demo need to know about this IdP.
 * @param {{ dir: string, port: number, portalOrigin: string, password: string, tenantId: string,
 *   policy?: { encryptAssertion?: boolean, signResponse?: boolean } }} o
 *   portalOrigin: where the IdP may send the browser after a logout it started (ReturnTo).
 *   tenantId: the Entra tenant (Directory ID) the IdP's `tenantid` claim names, the directory's.
 *   policy: the IdP's switches (DEFAULT_POLICY for what is not given); `setPolicy` changes them later.
 */
export function setupIdp({ dir, port, portalOrigin, password, tenantId, policy = {} }) {
  if (!/^[A-Za-z0-9._-]{8,}$/.test(password)) throw new TypeError('password: at least 8 of [A-Za-z0-9._-]');
  if (!/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(tenantId ?? '')) throw new TypeError('tenantId: a lower-case GUID');
  const base = `http://127.0.0.1:${port}/`;
  const entityId = `${base}saml2/idp/metadata.php`;
  rmSync(dir, { recursive: true, force: true });
  const d = (name) => {
    const p = join(dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const configDir = d('config');
  const metadataDir = d('metadata');
  const certDir = d('cert');
  const logDir = d('log');
  const dataDir = d('data');
  const tmpDir = d('tmp');
  const sessionDir = d('sessions');
  const spMetadataFile = join(dir, 'sp-metadata.xml');
  const policyFile = join(dir, 'idp-policy.json');
  writePolicy(policyFile, policy);
  // No SP yet: demo/run.mjs writes the portal's metadata here once the portal runs.
  writeFileSync(spMetadataFile, '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>\n');

  // The signing key: made here, never committed; the SP pins its certificate through the metadata.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-days', '30',
    '-subj', '/CN=saml-edge demo IdP (SimpleSAMLphp)', '-keyout', join(certDir, 'idp.key'),
    '-out', join(certDir, 'idp.crt')], { stdio: ['ignore', 'ignore', 'pipe'] });
  chmodSync(join(certDir, 'idp.key'), 0o600);

  writeFileSync(join(configDir, 'config.php'), `<?php
// Generated by demo/idp/setup.mjs for one demo run; do not edit.
$config = [
    'baseurlpath' => ${php(base)},
    'certdir' => ${php(certDir + '/')},
    'loggingdir' => ${php(logDir + '/')},
    'datadir' => ${php(dataDir + '/')},
    'tempdir' => ${php(tmpDir)},
    'metadatadir' => ${php(metadataDir + '/')},
    // This IdP from a flat file; the SP ONLY from the metadata the portal publishes.
    'metadata.sources' => [
        ['type' => 'flatfile', 'directory' => ${php(metadataDir)}],
        ['type' => 'xml', 'file' => ${php(spMetadataFile)}],
    ],
    // The IdP signs its metadata: the portal verifies it with the IdP certificate (idp.metadataCertificates).
    'metadata.sign.enable' => true,
    'metadata.sign.privatekey' => 'idp.key',
    'metadata.sign.certificate' => 'idp.crt',
    'metadata.sign.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    // After a logout it started, the IdP may send the browser back to the portal (ReturnTo).
    'trusted.url.domains' => [${php(new URL(portalOrigin).host)}],
    'technicalcontact_name' => 'saml-edge demo',
    'technicalcontact_email' => 'demo@contoso.com',
    'timezone' => 'UTC',
    'secretsalt' => ${php(randomBytes(24).toString('hex'))},
    'auth.adminpassword' => ${php(randomBytes(24).toString('hex'))},
    'admin.protectindexpage' => true,
    'admin.protectmetadata' => false,
    'admin.checkforupdates' => false,
    'enable.saml20-idp' => true,
    'enable.shib13-idp' => false,
    'module.enable' => ['exampleauth' => true, 'core' => true, 'saml' => true, 'admin' => true],
    'logging.level' => SimpleSAML\\Logger::NOTICE,
    'logging.handler' => 'file',
    'logging.logfile' => 'simplesamlphp.log',
    'showerrors' => true,
    'errorreporting' => false,
    'store.type' => 'phpsession',
    'session.phpsession.savepath' => ${php(sessionDir)},
    // Plain http on 127.0.0.1: cookies without Secure, and so SameSite=Lax rather than None.
    'session.cookie.secure' => false,
    'session.cookie.samesite' => 'Lax',
    'language.cookie.secure' => false,
    'language.cookie.samesite' => 'Lax',
    'language.default' => 'en',
    'theme.use' => 'default',
    'production' => true,
];
`);

  const attributes = {
    [`${CLAIMS}/name`]: USER.upn,
    [`${CLAIMS}/emailaddress`]: USER.upn,
    [`${CLAIMS}/givenname`]: 'B.',
    [`${CLAIMS}/surname`]: 'Simon',
    [`${MS_CLAIMS}/displayname`]: 'B. Simon',
    sAMAccountName: USER.samAccountName,
    upn: USER.upn,
  };
  const manyGroups = {
    [`${CLAIMS}/name`]: MANY_GROUPS_USER.upn,
    [`${MS_CLAIMS}/displayname`]: 'G. Many',
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups': [...MANY_GROUPS_USER.groups],
    sAMAccountName: MANY_GROUPS_USER.samAccountName,
    upn: MANY_GROUPS_USER.upn,
  };
  // Entra's shape above 150 groups: no groups claim; the overage link, the tenant and the user's object ID.
  const overage = {
    [`${CLAIMS}/name`]: OVERAGE_USER.upn,
    [`${MS_CLAIMS}/displayname`]: 'G. Overage',
    [`${MS_CLAIMS}/tenantid`]: tenantId,
    [`${MS_CLAIMS}/objectidentifier`]: OVERAGE_USER.objectId,
    [GROUPS_LINK]: `https://graph.windows.net/${tenantId}/users/${OVERAGE_USER.objectId}/getMemberObjects`,
    sAMAccountName: OVERAGE_USER.samAccountName,
    upn: OVERAGE_USER.upn,
  };
  const users = [USER, MANY_GROUPS_USER, OVERAGE_USER];
  const aliases = Object.assign({}, ...users.map(aliasesOf));
  writeFileSync(join(configDir, 'authsources.php'), `<?php
// Generated by demo/idp/setup.mjs; do not edit.
//
// exampleauth:UserPass, plus two things the demo needs (SimpleSAMLphp 1.19 has neither; nothing of
// Debian's files is changed): the SSO request's login_hint pre-fills the form's username (the form reads
// the login state's 'core:username'), and a user signs in by any of their names (the 'aliases' map).
if (!class_exists('SamlEdgeDemoUserPass', false)) {
    class SamlEdgeDemoUserPass extends \\SimpleSAML\\Module\\exampleauth\\Auth\\Source\\UserPass
    {
        /** @var array<string, string> lower-case name => username */
        private $aliases;

        public function __construct($info, $config)
        {
            $this->aliases = $config['aliases'];
            unset($config['aliases']);
            parent::__construct($info, $config);
        }

        public function authenticate(&$state)
        {
            // The redirect binding's GET to SSOService.php: the hint the SP added to it, shown as typed.
            $hint = isset($_GET['login_hint']) && is_string($_GET['login_hint']) ? trim($_GET['login_hint']) : '';
            if ($hint !== '' && strlen($hint) <= 256) {
                $state['core:username'] = $hint;
            }
            parent::authenticate($state);
        }

        protected function login($username, $password)
        {
            $key = strtolower(trim($username));
            return parent::login(isset($this->aliases[$key]) ? $this->aliases[$key] : $username, $password);
        }
    }
}

$config = [
    'admin' => ['core:AdminPassword'],
    'contoso-users' => [
        'SamlEdgeDemoUserPass',
        'aliases' => ${phpArray(aliases, '            ')},
        ${php(`${USER.username}:${password}`)} => ${phpArray(attributes, '            ')},
        ${php(`${MANY_GROUPS_USER.username}:${password}`)} => ${phpArray(manyGroups, '            ')},
        ${php(`${OVERAGE_USER.username}:${password}`)} => ${phpArray(overage, '            ')},
    ],
];
`);

  writeFileSync(join(metadataDir, 'saml20-idp-hosted.php'), `<?php
// Generated by demo/idp/setup.mjs; do not edit.
// The administrator's switches (demo/idp/setup.mjs setPolicy), read on every request: a data file, which
// PHP's opcache (on in \`php -S\`) does not keep.
$policy = json_decode(file_get_contents(${php(policyFile)}), true);
$metadata[${php(entityId)}] = [
    'host' => '__DEFAULT__',
    'auth' => 'contoso-users',
    'privatekey' => 'idp.key',
    'certificate' => 'idp.crt',
    'signature.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    // As Entra ID does by default: the Assertion is signed, the Response is not (policy: signResponse).
    'saml20.sign.assertion' => true,
    'saml20.sign.response' => $policy['signResponse'] === true,
    // Token encryption (policy: encryptAssertion): the signed Assertion encrypted to the SP metadata's
    // encryption certificate. SimpleSAMLphp uses this for every SP whose entry does not set its own, and
    // an SP from XML metadata cannot (see the top of demo/idp/setup.mjs).
    'assertion.encryption' => $policy['encryptAssertion'] === true,
    'NameIDFormat' => 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    'simplesaml.nameidattribute' => 'upn',
    'attributes.NameFormat' => 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
    'assertion.lifetime' => 300,
    // Every AuthnRequest must carry a valid redirect-binding signature by the SP's metadata key (the
    // SP's AuthnRequestsSigned="true" asks for the same); logout messages are signed both ways.
    'validate.authnrequest' => true,
    'validate.logout' => true,
    'sign.logout' => true,
];
`);

  return {
    configDir,
    metadataDir,
    spMetadataFile,
    /** Changes the IdP's switches (those not given take DEFAULT_POLICY's); returns the policy now in force. */
    setPolicy: (p) => writePolicy(policyFile, p),
    certificate: join(certDir, 'idp.crt'),
    logFile: join(logDir, 'simplesamlphp.log'),
    sessionDir,
    baseUrl: base,
    entityId,
    metadataUrl: `${base}saml2/idp/metadata.php`,
    user: { username: USER.username, password },
    manyGroupsUser: { username: MANY_GROUPS_USER.username, password, groups: MANY_GROUPS_USER.groups.length },
    overageUser: { username: OVERAGE_USER.username, password, objectId: OVERAGE_USER.objectId, upn: OVERAGE_USER.upn },
  };
}
