// Generates the COSE/CWT cross-check vectors read by
// src/test/java/org/acemqtt/proxy/token/CrossImplementationVectorsTest.java.
//
// The COSE layers are produced by two JavaScript COSE libraries that share no code with the proxy's Java verifier:
//   - @ldclabs/cose-ts (noble-curves / noble-ciphers / cborg): COSE_Sign1 ES256 + EdDSA, COSE_Mac0 HMAC 256/256 +
//     256/64, COSE_Encrypt0 A128GCM, the nested Encrypt0(Sign1) token;
//   - cose-js (elliptic / Node crypto / cbor): COSE_Encrypt0 AES-CCM-16-64-128 (cose-ts has no AES-CCM) and a
//     second COSE_Sign1 ES256.
// Every key is generated freshly on each run, so re-running produces different (equivalent) vectors; the committed
// vectors.json is one such run. Usage (see ../README.md): npm install --no-audit --no-fund && node generate.js OUT
//
// Only this file's own code is here: the claims set is built by hand (integer keys) and CBOR-encoded with
// cose-ts's encodeCBOR (cborg, RFC 8949 deterministic encoding).

import { register, createRequire } from 'node:module'
import crypto from 'node:crypto'
import fs from 'node:fs'

// @ldclabs/cose-ts 1.5.0 ships ESM whose relative imports have no ".js" suffix ("./header"), which Node's ESM
// resolver refuses. This resolve hook retries such imports from inside that package with ".js" appended. It must
// be registered before the package is imported, hence the dynamic imports below.
const hook = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context)
  } catch (e) {
    const fromCoseTs = context.parentURL && context.parentURL.includes('/@ldclabs/cose-ts/')
    if (fromCoseTs && specifier.startsWith('.') && !specifier.endsWith('.js')) {
      return next(specifier + '.js', context)
    }
    throw e
  }
}`
register('data:text/javascript,' + encodeURIComponent(hook), import.meta.url)

const { Sign1Message } = await import('@ldclabs/cose-ts/sign1')
const { Mac0Message } = await import('@ldclabs/cose-ts/mac0')
const { Encrypt0Message } = await import('@ldclabs/cose-ts/encrypt0')
const { Header } = await import('@ldclabs/cose-ts/header')
const { ECDSAKey } = await import('@ldclabs/cose-ts/ecdsa')
const { Ed25519Key } = await import('@ldclabs/cose-ts/ed25519')
const { HMACKey } = await import('@ldclabs/cose-ts/hmac')
const { AesGcmKey } = await import('@ldclabs/cose-ts/aesgcm')
const { withCWTTag } = await import('@ldclabs/cose-ts/cwt')
const { encodeCBOR, decodeCBOR, utf8ToBytes } = await import('@ldclabs/cose-ts/utils')
const iana = await import('@ldclabs/cose-ts/iana')

const require = createRequire(import.meta.url)
const coseJs = require('cose-js')

const COSE_TS = '@ldclabs/cose-ts ' + packageVersion('@ldclabs/cose-ts')
const COSE_JS = 'cose-js ' + packageVersion('cose-js')

function packageVersion(name) {
  // Read node_modules/<name>/package.json directly (cose-ts does not export ./package.json).
  const file = new URL('./node_modules/' + name + '/package.json', import.meta.url)
  return JSON.parse(fs.readFileSync(file, 'utf8')).version
}

const hex = (b) => Buffer.from(b).toString('hex')

// cborg 4.5.x clobbers its shared output buffer when cose-ts's RFC 8949 map sorter re-enters encode() while a map
// nested after other items is written (everything before the map is lost). package.json pins cborg 4.4.1 through
// "overrides"; this check refuses to write vectors if the encoding is broken anyway: the bytes must decode as one
// item and re-encode to themselves.
function checkEncoding(label, bytes) {
  const again = encodeCBOR(decodeCBOR(bytes))
  if (hex(again) !== hex(bytes)) throw new Error(label + ': CBOR encoding does not round-trip; check the cborg version')
}

// ---- fixed claim values (the Java test verifies at VERIFY_AT, between iat and exp)
const ISSUER = 'coaps://as.xcheck.example'
const AUDIENCE = 'mqtts://broker.xcheck.example'
const IAT = 1700000000
const EXP = 2000000000
const VERIFY_AT = 1700000100
const ACE_PROFILE_MQTT_TLS = 3

// The client's proof-of-possession key (cnf): an Ed25519 public key, freshly generated.
const popKey = Ed25519Key.generate()
const popX = popKey.getPublicKey()

// AIF-MQTT scope (RFC 9431 §2.3): [["topic1", ["pub", "sub"]]], carried as a bstr wrapping its CBOR encoding.
const scopeCbor = encodeCBOR([['topic1', ['pub', 'sub']]])

// CWT claims set (RFC 8392 §3, RFC 9200 §5.10, RFC 8747): integer keys, built here by hand.
const claims = new Map([
  [1, ISSUER], // iss
  [3, AUDIENCE], // aud
  [4, EXP], // exp
  [6, IAT], // iat
  [9, scopeCbor], // scope (bstr)
  [8, new Map([[1, new Map([[1, 1], [-1, 6], [-2, popX]])]])], // cnf: {COSE_Key: {kty OKP, crv Ed25519, x}}
  [38, ACE_PROFILE_MQTT_TLS] // ace_profile mqtt_tls
])
const claimsCbor = encodeCBOR(claims)
checkEncoding('claims', claimsCbor)

// ---- issuer (AS) keys, each with its kid (UTF-8 text used as the kid bytes) and COSE alg
function withKid(key, kid) {
  key.kid = utf8ToBytes(kid) // the plain setter: setKid() would CBOR-encode the kid
  return key
}

const es256 = withKid(ECDSAKey.generate(iana.AlgorithmES256), 'xcheck-es256')
const ed25519 = withKid(Ed25519Key.generate(), 'xcheck-eddsa')
const hmac256 = withKid(HMACKey.generate(iana.AlgorithmHMAC_256_256), 'xcheck-hmac-256-256')
const hmac64 = withKid(HMACKey.generate(iana.AlgorithmHMAC_256_64), 'xcheck-hmac-256-64')
const gcm = withKid(AesGcmKey.generate(iana.AlgorithmA128GCM), 'xcheck-a128gcm')
const ccmSecret = crypto.randomBytes(16)
const CCM_KID = 'xcheck-aes-ccm-16-64-128'
// cose-js signs with a private scalar d; its EC2 key is made with Node's own generator.
const cosejsEc = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' })
const COSEJS_ES256_KID = 'xcheck-es256-cosejs'

// Keys that are NOT registered with the verifier, for the negative vectors.
const otherEd25519 = withKid(Ed25519Key.generate(), 'xcheck-eddsa') // same kid, other key
const otherHmac256 = withKid(HMACKey.generate(iana.AlgorithmHMAC_256_256), 'xcheck-hmac-256-256')
const otherGcm = withKid(AesGcmKey.generate(iana.AlgorithmA128GCM), 'xcheck-a128gcm')
const unregisteredEs256 = withKid(ECDSAKey.generate(iana.AlgorithmES256), 'xcheck-unknown-kid')

function uncompressedP256(key) {
  // cose-ts keeps EC2 public keys compressed; Node's ECDH gives the uncompressed point (0x04 || x || y).
  const pub = crypto.ECDH.convertKey(Buffer.from(key.getPublicKey()), 'prime256v1', undefined, undefined,
    'uncompressed')
  return { x: pub.subarray(1, 33), y: pub.subarray(33, 65) }
}

const b64u = (s) => Buffer.from(s, 'base64url')
const es256Pub = uncompressedP256(es256)
const issuerKeys = [
  { kid: 'xcheck-es256', kty: 'EC2', crv: 1, alg: -7, x: hex(es256Pub.x), y: hex(es256Pub.y) },
  { kid: COSEJS_ES256_KID, kty: 'EC2', crv: 1, alg: -7, x: hex(b64u(cosejsEc.x)), y: hex(b64u(cosejsEc.y)) },
  { kid: 'xcheck-eddsa', kty: 'OKP', crv: 6, alg: -8, x: hex(ed25519.getPublicKey()) },
  { kid: 'xcheck-hmac-256-256', kty: 'Symmetric', alg: 5, k: hex(hmac256.getSecretKey()) },
  { kid: 'xcheck-hmac-256-64', kty: 'Symmetric', alg: 4, k: hex(hmac64.getSecretKey()) },
  { kid: 'xcheck-a128gcm', kty: 'Symmetric', alg: 1, k: hex(gcm.getSecretKey()) },
  { kid: CCM_KID, kty: 'Symmetric', alg: 10, k: hex(ccmSecret) }
]

// ---- the COSE layers. Every message: alg in the protected header, kid in the unprotected one, COSE tag.
function headers(key) {
  return {
    protected: new Header().setParam(iana.HeaderParameterAlg, key.alg),
    unprotected: new Header().setParam(iana.HeaderParameterKid, key.kid)
  }
}

function checkMessage(label, tagged) {
  // Tagged messages start with one-byte tags 0xd0..0xd2, optionally after 0xd8 0x3d (tag 61).
  let i = 0
  if (tagged[0] === 0xd8 && tagged[1] === 0x3d) i = 2
  if (tagged[i] < 0xd0 || tagged[i] > 0xd2) throw new Error(label + ': not a tagged COSE_Encrypt0/Mac0/Sign1')
  checkEncoding(label, tagged.subarray(i + 1))
  return tagged
}

function sign1(key, payload) {
  const h = headers(key)
  const msg = new Sign1Message(payload, h.protected, h.unprotected)
  const tagged = Sign1Message.withTag(msg.toBytes(key))
  Sign1Message.fromBytes(key, tagged) // self-check with the same library
  return tagged
}

function mac0(key, payload) {
  const h = headers(key)
  const tagged = Mac0Message.withTag(new Mac0Message(payload, h.protected, h.unprotected).toBytes(key))
  Mac0Message.fromBytes(key, tagged)
  return tagged
}

async function encrypt0(key, payload) {
  const h = headers(key)
  const tagged = Encrypt0Message.withTag(await new Encrypt0Message(payload, h.protected, h.unprotected).toBytes(key))
  await Encrypt0Message.fromBytes(key, tagged)
  return tagged
}

async function encrypt0CoseJs(secret, kid, payload) {
  // cose-js tags COSE_Encrypt0 (16) itself; the IV (13 bytes for AES-CCM-16-*) goes to the unprotected header.
  const tagged = await coseJs.encrypt.create({ p: { alg: 'AES-CCM-16-64-128' }, u: { kid } }, Buffer.from(payload),
    { key: secret })
  const plain = await coseJs.encrypt.read(tagged, secret)
  if (!plain.equals(Buffer.from(payload))) throw new Error('cose-js AES-CCM round trip failed')
  return tagged
}

async function sign1CoseJs(jwk, kid, payload) {
  const tagged = await coseJs.sign.create({ p: { alg: 'ES256' }, u: { kid } }, Buffer.from(payload),
    { key: { d: b64u(jwk.d) } })
  await coseJs.sign.verify(tagged, { key: { x: b64u(jwk.x), y: b64u(jwk.y) } })
  return tagged
}

function mustFail(label, f) {
  let failed = false
  try {
    const r = f()
    if (r && typeof r.then === 'function') throw new Error('use mustFailAsync')
  } catch (e) {
    failed = true
  }
  if (!failed) throw new Error(label + ': the generating library accepted a negative vector')
}

async function mustFailAsync(label, f) {
  let failed = false
  try {
    await f()
  } catch (e) {
    failed = true
  }
  if (!failed) throw new Error(label + ': the generating library accepted a negative vector')
}

function flipBit(bytes, index, mask) {
  const copy = Uint8Array.from(bytes)
  copy[index] ^= mask
  return copy
}

const vectors = []
function add(v) {
  checkMessage(v.name, v.token)
  vectors.push({
    name: v.name,
    library: v.library,
    structure: v.structure,
    alg: v.alg,
    kid: v.kid,
    tags: v.tags,
    expect: v.expect,
    description: v.description,
    token: hex(v.token)
  })
}

// ---- positive vectors
const es256Token = sign1(es256, claimsCbor)
add({ name: 'sign1-es256', library: COSE_TS, structure: 'COSE_Sign1', alg: -7, kid: 'xcheck-es256', tags: [18],
  expect: 'success', description: 'COSE_Sign1_Tagged, ES256 (P-256, SHA-256, r||s)', token: es256Token })

const eddsaToken = sign1(ed25519, claimsCbor)
add({ name: 'sign1-eddsa', library: COSE_TS, structure: 'COSE_Sign1', alg: -8, kid: 'xcheck-eddsa', tags: [18],
  expect: 'success', description: 'COSE_Sign1_Tagged, EdDSA with Ed25519', token: eddsaToken })

add({ name: 'sign1-es256-cose-js', library: COSE_JS, structure: 'COSE_Sign1', alg: -7, kid: COSEJS_ES256_KID,
  tags: [18], expect: 'success', description: 'COSE_Sign1_Tagged, ES256, signed by cose-js (elliptic)',
  token: await sign1CoseJs(cosejsEc, COSEJS_ES256_KID, claimsCbor) })

const hmac256Token = mac0(hmac256, claimsCbor)
add({ name: 'mac0-hmac-256-256-cwt-tag', library: COSE_TS, structure: 'COSE_Mac0', alg: 5,
  kid: 'xcheck-hmac-256-256', tags: [61, 17], expect: 'success',
  description: 'CWT tag 61 around COSE_Mac0_Tagged, HMAC 256/256', token: withCWTTag(hmac256Token) })

add({ name: 'mac0-hmac-256-64', library: COSE_TS, structure: 'COSE_Mac0', alg: 4, kid: 'xcheck-hmac-256-64',
  tags: [17], expect: 'success', description: 'COSE_Mac0_Tagged, HMAC 256/64 (tag truncated to 8 bytes)',
  token: mac0(hmac64, claimsCbor) })

const gcmToken = await encrypt0(gcm, claimsCbor)
add({ name: 'encrypt0-a128gcm', library: COSE_TS, structure: 'COSE_Encrypt0', alg: 1, kid: 'xcheck-a128gcm',
  tags: [16], expect: 'success', description: 'COSE_Encrypt0_Tagged, A128GCM, 12-byte IV in the unprotected header',
  token: gcmToken })

const ccmToken = await encrypt0CoseJs(ccmSecret, CCM_KID, claimsCbor)
add({ name: 'encrypt0-aes-ccm-16-64-128', library: COSE_JS, structure: 'COSE_Encrypt0', alg: 10, kid: CCM_KID,
  tags: [16], expect: 'success',
  description: 'COSE_Encrypt0_Tagged, AES-CCM-16-64-128 (13-byte IV, 8-byte tag), encrypted by cose-js (Node crypto)',
  token: ccmToken })

add({ name: 'encrypt0-a128gcm-around-sign1-eddsa', library: COSE_TS, structure: 'COSE_Encrypt0', alg: 1,
  kid: 'xcheck-a128gcm', tags: [16], expect: 'success',
  description: 'nested CWT (RFC 8392 A.6 style): COSE_Encrypt0_Tagged A128GCM whose plaintext is the tagged '
    + 'EdDSA COSE_Sign1 of sign1-eddsa', token: await encrypt0(gcm, eddsaToken) })

// ---- negative vectors (each is first checked to be refused by the generating library itself)
// ES256: one bit flipped inside the signature (the last 64 bytes of the token are the r||s bstr content).
const es256Flipped = flipBit(es256Token, es256Token.length - 20, 0x01)
mustFail('sign1-es256-signature-bit-flipped', () => Sign1Message.fromBytes(es256, es256Flipped))
add({ name: 'sign1-es256-signature-bit-flipped', library: COSE_TS, structure: 'COSE_Sign1', alg: -7,
  kid: 'xcheck-es256', tags: [18], expect: 'BAD_SIGNATURE',
  description: 'sign1-es256 with bit 0 of the byte 20 from the end (inside s) flipped', token: es256Flipped })

// EdDSA: signed with another Ed25519 key that carries the registered kid.
const eddsaWrongKey = sign1(otherEd25519, claimsCbor)
mustFail('sign1-eddsa-wrong-key', () => Sign1Message.fromBytes(ed25519, eddsaWrongKey))
add({ name: 'sign1-eddsa-wrong-key', library: COSE_TS, structure: 'COSE_Sign1', alg: -8, kid: 'xcheck-eddsa',
  tags: [18], expect: 'BAD_SIGNATURE',
  description: 'EdDSA COSE_Sign1 by an unregistered Ed25519 key using the registered kid', token: eddsaWrongKey })

// HMAC 256/256: MACed with another 32-byte key under the registered kid.
const macWrongKey = mac0(otherHmac256, claimsCbor)
mustFail('mac0-hmac-256-256-wrong-key', () => Mac0Message.fromBytes(hmac256, macWrongKey))
add({ name: 'mac0-hmac-256-256-wrong-key', library: COSE_TS, structure: 'COSE_Mac0', alg: 5,
  kid: 'xcheck-hmac-256-256', tags: [17], expect: 'BAD_MAC',
  description: 'COSE_Mac0 HMAC 256/256 with an unregistered key under the registered kid', token: macWrongKey })

// A128GCM: one bit flipped in the ciphertext (the last 16 bytes are the GCM tag; flip before it).
const gcmFlipped = flipBit(gcmToken, gcmToken.length - 30, 0x80)
await mustFailAsync('encrypt0-a128gcm-ciphertext-bit-flipped', () => Encrypt0Message.fromBytes(gcm, gcmFlipped))
add({ name: 'encrypt0-a128gcm-ciphertext-bit-flipped', library: COSE_TS, structure: 'COSE_Encrypt0', alg: 1,
  kid: 'xcheck-a128gcm', tags: [16], expect: 'DECRYPTION_FAILED',
  description: 'encrypt0-a128gcm with bit 7 of the byte 30 from the end (ciphertext) flipped', token: gcmFlipped })

// A128GCM: encrypted with another 16-byte key under the registered kid.
const gcmWrongKey = await encrypt0(otherGcm, claimsCbor)
await mustFailAsync('encrypt0-a128gcm-wrong-key', () => Encrypt0Message.fromBytes(gcm, gcmWrongKey))
add({ name: 'encrypt0-a128gcm-wrong-key', library: COSE_TS, structure: 'COSE_Encrypt0', alg: 1,
  kid: 'xcheck-a128gcm', tags: [16], expect: 'DECRYPTION_FAILED',
  description: 'COSE_Encrypt0 A128GCM with an unregistered key under the registered kid', token: gcmWrongKey })

// AES-CCM: one bit flipped in the 8-byte CCM tag (the token's last bytes).
const ccmFlipped = flipBit(ccmToken, ccmToken.length - 1, 0x01)
await mustFailAsync('encrypt0-aes-ccm-16-64-128-tag-bit-flipped', () => coseJs.encrypt.read(Buffer.from(ccmFlipped),
  ccmSecret))
add({ name: 'encrypt0-aes-ccm-16-64-128-tag-bit-flipped', library: COSE_JS, structure: 'COSE_Encrypt0', alg: 10,
  kid: CCM_KID, tags: [16], expect: 'DECRYPTION_FAILED',
  description: 'encrypt0-aes-ccm-16-64-128 with bit 0 of its last byte (CCM tag) flipped', token: ccmFlipped })

// ES256 by a key whose kid the verifier does not know.
add({ name: 'sign1-es256-unknown-kid', library: COSE_TS, structure: 'COSE_Sign1', alg: -7,
  kid: 'xcheck-unknown-kid', tags: [18], expect: 'UNKNOWN_KID',
  description: 'valid ES256 COSE_Sign1 by an unregistered key with an unregistered kid',
  token: sign1(unregisteredEs256, claimsCbor) })

const out = {
  comment: 'Generated by generator/generate.js; see README.md. Test data only: every key here is throwaway.',
  generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  node: process.version,
  libraries: [COSE_TS, COSE_JS],
  issuer: ISSUER,
  audience: AUDIENCE,
  verifyAt: VERIFY_AT,
  claims: {
    iss: ISSUER,
    aud: AUDIENCE,
    exp: EXP,
    iat: IAT,
    aceProfile: ACE_PROFILE_MQTT_TLS,
    scope: hex(scopeCbor),
    cnfEd25519X: hex(popX),
    cbor: hex(claimsCbor)
  },
  issuerKeys,
  vectors
}
const target = process.argv[2] || 'vectors.json'
fs.writeFileSync(target, JSON.stringify(out, null, 2) + '\n')
console.error('wrote ' + vectors.length + ' vectors to ' + target)
