var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// ../../pkg/src/workerd.js
import wasmModule2 from "./674ee61a1f0270bdadd39dbfb7104b450e8781e6-saml_edge_bg.wasm";

// ../../pkg/dist/saml_edge.js
var Pending = class _Pending {
  static {
    __name(this, "Pending");
  }
  static __wrap(ptr) {
    const obj = Object.create(_Pending.prototype);
    obj.__wbg_ptr = ptr;
    PendingFinalization.register(obj, obj.__wbg_ptr, obj);
    return obj;
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    PendingFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_pending_free(ptr, 0);
  }
  /**
   * The canonical bytes to hash for digest `i`.
   * @param {number} i
   * @returns {Uint8Array}
   */
  digestBytes(i) {
    const ret = wasm.pending_digestBytes(this.__wbg_ptr, i);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * How many Reference digests the host computes (`hostDigests`; 0 otherwise).
   * @returns {number}
   */
  digestCount() {
    const ret = wasm.pending_digestCount(this.__wbg_ptr);
    return ret >>> 0;
  }
  /**
   * The hash of digest `i`, as WebCrypto names it (`"SHA-256"`).
   * @param {number} i
   * @returns {string}
   */
  digestHash(i) {
    let deferred2_0;
    let deferred2_1;
    try {
      const ret = wasm.pending_digestHash(this.__wbg_ptr, i);
      var ptr1 = ret[0];
      var len1 = ret[1];
      if (ret[3]) {
        ptr1 = 0;
        len1 = 0;
        throw takeFromExternrefTable0(ret[2]);
      }
      deferred2_0 = ptr1;
      deferred2_1 = len1;
      return getStringFromWasm0(ptr1, len1);
    } finally {
      wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
  }
  /**
   * [`Pending::finish`] when the host computed the digests: `digests` is them in order,
   * concatenated (each as long as its hash's output). They are compared here, first.
   * @param {Verifier} verifier
   * @param {Int32Array | number[]} results
   * @param {Uint8Array | number[]} digests
   * @returns {string}
   */
  finishWithDigests(verifier, results, digests) {
    let deferred4_0;
    let deferred4_1;
    try {
      _assertClass(verifier, Verifier);
      let ptr, ptr0, len0, ptr1, len1;
      try {
        ptr = this.__destroy_into_raw();
        ptr0 = passArray32ToWasm0(results, wasm.__wbindgen_malloc);
        len0 = WASM_VECTOR_LEN;
        ptr1 = passArray8ToWasm0(digests, wasm.__wbindgen_malloc);
        len1 = WASM_VECTOR_LEN;
      } catch (e) {
        if (ptr1) {
          wasm.__wbindgen_free(ptr1, len1 * 1, 1);
        }
        if (ptr0) {
          wasm.__wbindgen_free(ptr0, len0 * 4, 4);
        }
        if (ptr) wasm.__wbg_pending_free(ptr, 1);
        throw e;
      }
      const ret = wasm.pending_finishWithDigests(ptr, verifier.__wbg_ptr, ptr0, len0, ptr1, len1);
      var ptr3 = ret[0];
      var len3 = ret[1];
      if (ret[3]) {
        ptr3 = 0;
        len3 = 0;
        throw takeFromExternrefTable0(ret[2]);
      }
      deferred4_0 = ptr3;
      deferred4_1 = len3;
      return getStringFromWasm0(ptr3, len3);
    } finally {
      wasm.__wbindgen_free(deferred4_0, deferred4_1, 1);
    }
  }
  /**
   * `results[i]` is the index of the key that verified task `i`, or -1. Every remaining check
   * runs here, in Rust. Consumes the Pending; `verifier` must be the one that began it.
   * @param {Verifier} verifier
   * @param {Int32Array | number[]} results
   * @returns {string}
   */
  finish(verifier, results) {
    let deferred3_0;
    let deferred3_1;
    try {
      _assertClass(verifier, Verifier);
      let ptr, ptr0, len0;
      try {
        ptr = this.__destroy_into_raw();
        ptr0 = passArray32ToWasm0(results, wasm.__wbindgen_malloc);
        len0 = WASM_VECTOR_LEN;
      } catch (e) {
        if (ptr0) {
          wasm.__wbindgen_free(ptr0, len0 * 4, 4);
        }
        if (ptr) wasm.__wbg_pending_free(ptr, 1);
        throw e;
      }
      const ret = wasm.pending_finish(ptr, verifier.__wbg_ptr, ptr0, len0);
      var ptr2 = ret[0];
      var len2 = ret[1];
      if (ret[3]) {
        ptr2 = 0;
        len2 = 0;
        throw takeFromExternrefTable0(ret[2]);
      }
      deferred3_0 = ptr2;
      deferred3_1 = len2;
      return getStringFromWasm0(ptr2, len2);
    } finally {
      wasm.__wbindgen_free(deferred3_0, deferred3_1, 1);
    }
  }
  /**
   * How many signature values to check.
   * @returns {number}
   */
  taskCount() {
    const ret = wasm.pending_taskCount(this.__wbg_ptr);
    return ret >>> 0;
  }
  /**
   * JSON `{"algorithm","scheme","hash","candidates"}` for task `i`.
   * @param {number} i
   * @returns {string}
   */
  taskInfo(i) {
    let deferred2_0;
    let deferred2_1;
    try {
      const ret = wasm.pending_taskInfo(this.__wbg_ptr, i);
      var ptr1 = ret[0];
      var len1 = ret[1];
      if (ret[3]) {
        ptr1 = 0;
        len1 = 0;
        throw takeFromExternrefTable0(ret[2]);
      }
      deferred2_0 = ptr1;
      deferred2_1 = len1;
      return getStringFromWasm0(ptr1, len1);
    } finally {
      wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
  }
  /**
   * The canonical SignedInfo of task `i`: the message the signature signs.
   * @param {number} i
   * @returns {Uint8Array}
   */
  taskMessage(i) {
    const ret = wasm.pending_taskMessage(this.__wbg_ptr, i);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * The SignatureValue of task `i` (RSA: modulus-sized; ECDSA: raw r‖s, as WebCrypto takes it).
   * @param {number} i
   * @returns {Uint8Array}
   */
  taskSignature(i) {
    const ret = wasm.pending_taskSignature(this.__wbg_ptr, i);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
};
if (Symbol.dispose) Pending.prototype[Symbol.dispose] = Pending.prototype.free;
var Verifier = class {
  static {
    __name(this, "Verifier");
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    VerifierFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_verifier_free(ptr, 0);
  }
  /**
   * Runs every check up to the signature values; the host checks those (WebCrypto) and
   * calls [`Pending::finish`]. With `"hostDigests": true` in the call, the Reference digests
   * are the host's too ([`Pending::digest_count`]): its SHA is native code, ours is not.
   * @param {Uint8Array} input
   * @param {string} call_json
   * @returns {Pending}
   */
  begin(input, call_json) {
    const ptr0 = passStringToWasm0(call_json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.verifier_begin(this.__wbg_ptr, input, ptr0, len0);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return Pending.__wrap(ret[0]);
  }
  /**
   * JSON `{"entityId","ssoRedirectUrl","ssoPostUrl"}`.
   * @returns {string}
   */
  idp() {
    let deferred1_0;
    let deferred1_1;
    try {
      const ret = wasm.verifier_idp(this.__wbg_ptr);
      deferred1_0 = ret[0];
      deferred1_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
  }
  /**
   * JSON `[{"index","kind","bits","spki","sha256"}]`: the pinned keys, by the index tasks use.
   * @returns {string}
   */
  keys() {
    let deferred1_0;
    let deferred1_1;
    try {
      const ret = wasm.verifier_keys(this.__wbg_ptr);
      deferred1_0 = ret[0];
      deferred1_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
  }
  /**
   * Parses the configuration; throws on a certificate, key or metadata that cannot be used,
   * or when no key is pinned at all.
   * @param {string} config_json
   */
  constructor(config_json) {
    const ptr0 = passStringToWasm0(config_json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.verifier_new(ptr0, len0);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    this.__wbg_ptr = ret[0];
    VerifierFinalization.register(this, this.__wbg_ptr, this);
    return this;
  }
  /**
   * Verifies a response (XML, base64 or a form body) with the pure-Rust crypto;
   * returns the identity JSON or throws.
   * @param {Uint8Array} input
   * @param {string} call_json
   * @returns {string}
   */
  verify(input, call_json) {
    let deferred3_0;
    let deferred3_1;
    try {
      const ptr0 = passStringToWasm0(call_json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      const len0 = WASM_VECTOR_LEN;
      const ret = wasm.verifier_verify(this.__wbg_ptr, input, ptr0, len0);
      var ptr2 = ret[0];
      var len2 = ret[1];
      if (ret[3]) {
        ptr2 = 0;
        len2 = 0;
        throw takeFromExternrefTable0(ret[2]);
      }
      deferred3_0 = ptr2;
      deferred3_1 = len2;
      return getStringFromWasm0(ptr2, len2);
    } finally {
      wasm.__wbindgen_free(deferred3_0, deferred3_1, 1);
    }
  }
};
if (Symbol.dispose) Verifier.prototype[Symbol.dispose] = Verifier.prototype.free;
function buildAuthnRequest(json) {
  let deferred3_0;
  let deferred3_1;
  try {
    const ptr0 = passStringToWasm0(json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.buildAuthnRequest(ptr0, len0);
    var ptr2 = ret[0];
    var len2 = ret[1];
    if (ret[3]) {
      ptr2 = 0;
      len2 = 0;
      throw takeFromExternrefTable0(ret[2]);
    }
    deferred3_0 = ptr2;
    deferred3_1 = len2;
    return getStringFromWasm0(ptr2, len2);
  } finally {
    wasm.__wbindgen_free(deferred3_0, deferred3_1, 1);
  }
}
__name(buildAuthnRequest, "buildAuthnRequest");
function __wbg_get_imports() {
  const import0 = {
    __proto__: null,
    __wbg___wbindgen_boolean_get_4f1baf9a00be3c74: /* @__PURE__ */ __name(function(arg0) {
      const v = arg0;
      const ret = typeof v === "boolean" ? v : void 0;
      return isLikeNone(ret) ? 16777215 : ret ? 1 : 0;
    }, "__wbg___wbindgen_boolean_get_4f1baf9a00be3c74"),
    __wbg___wbindgen_is_null_c22311b1cc228e3a: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0 === null;
      return ret;
    }, "__wbg___wbindgen_is_null_c22311b1cc228e3a"),
    __wbg___wbindgen_is_object_8b968c3ab8e96595: /* @__PURE__ */ __name(function(arg0) {
      const val = arg0;
      const ret = typeof val === "object" && val !== null;
      return ret;
    }, "__wbg___wbindgen_is_object_8b968c3ab8e96595"),
    __wbg___wbindgen_is_undefined_be5b34249ff1fc15: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0 === void 0;
      return ret;
    }, "__wbg___wbindgen_is_undefined_be5b34249ff1fc15"),
    __wbg___wbindgen_number_get_934b640d0889af78: /* @__PURE__ */ __name(function(arg0, arg1) {
      const obj = arg1;
      const ret = typeof obj === "number" ? obj : void 0;
      getDataViewMemory0().setFloat64((arg0 >>> 0) + 8 * 1, isLikeNone(ret) ? 0 : ret, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, !isLikeNone(ret), true);
    }, "__wbg___wbindgen_number_get_934b640d0889af78"),
    __wbg___wbindgen_string_get_7ce8eee7fd327545: /* @__PURE__ */ __name(function(arg0, arg1) {
      const obj = arg1;
      const ret = typeof obj === "string" ? obj : void 0;
      var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      var len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    }, "__wbg___wbindgen_string_get_7ce8eee7fd327545"),
    __wbg___wbindgen_throw_4c88d8bf264fd984: /* @__PURE__ */ __name(function(arg0, arg1) {
      throw new Error(getStringFromWasm0(arg0, arg1));
    }, "__wbg___wbindgen_throw_4c88d8bf264fd984"),
    __wbg_from_eac91875c8a5ffa4: /* @__PURE__ */ __name(function(arg0) {
      const ret = Array.from(arg0);
      return ret;
    }, "__wbg_from_eac91875c8a5ffa4"),
    __wbg_get_2080c49015e35254: /* @__PURE__ */ __name(function() {
      return handleError(function(arg0, arg1) {
        const ret = Reflect.get(arg0, arg1);
        return ret;
      }, arguments);
    }, "__wbg_get_2080c49015e35254"),
    __wbg_get_unchecked_e6325ad374eff861: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0[arg1 >>> 0];
      return ret;
    }, "__wbg_get_unchecked_e6325ad374eff861"),
    __wbg_isArray_bcf1376d0d732d08: /* @__PURE__ */ __name(function(arg0) {
      const ret = Array.isArray(arg0);
      return ret;
    }, "__wbg_isArray_bcf1376d0d732d08"),
    __wbg_keys_105f5c0857898f84: /* @__PURE__ */ __name(function(arg0) {
      const ret = Object.keys(arg0);
      return ret;
    }, "__wbg_keys_105f5c0857898f84"),
    __wbg_length_186163212ffe79c3: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.length;
      return ret;
    }, "__wbg_length_186163212ffe79c3"),
    __wbg_length_b03a0fabb109b1e9: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.length;
      return ret;
    }, "__wbg_length_b03a0fabb109b1e9"),
    __wbg_new_37eb45aaf5eeb820: /* @__PURE__ */ __name(function() {
      const ret = new Array();
      return ret;
    }, "__wbg_new_37eb45aaf5eeb820"),
    __wbg_new_4416a2fe2fac9c65: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = new TypeError(getStringFromWasm0(arg0, arg1));
      return ret;
    }, "__wbg_new_4416a2fe2fac9c65"),
    __wbg_new_787b9fb330d55d78: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = new Error(getStringFromWasm0(arg0, arg1));
      return ret;
    }, "__wbg_new_787b9fb330d55d78"),
    __wbg_new_cd4348290afae586: /* @__PURE__ */ __name(function() {
      const ret = new Object();
      return ret;
    }, "__wbg_new_cd4348290afae586"),
    __wbg_new_from_slice_b8daf545a41c6aa0: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = new Uint8Array(getArrayU8FromWasm0(arg0, arg1));
      return ret;
    }, "__wbg_new_from_slice_b8daf545a41c6aa0"),
    __wbg_parse_c3f72b5a24f83c01: /* @__PURE__ */ __name(function() {
      return handleError(function(arg0, arg1) {
        const ret = JSON.parse(getStringFromWasm0(arg0, arg1));
        return ret;
      }, arguments);
    }, "__wbg_parse_c3f72b5a24f83c01"),
    __wbg_prototypesetcall_13162965d1fe7aa3: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      Uint8Array.prototype.set.call(getArrayU8FromWasm0(arg0, arg1), arg2);
    }, "__wbg_prototypesetcall_13162965d1fe7aa3"),
    __wbg_push_c9f4893fc209f768: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0.push(arg1);
      return ret;
    }, "__wbg_push_c9f4893fc209f768"),
    __wbg_set_2793479888329cb6: /* @__PURE__ */ __name(function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = Reflect.set(arg0, arg1, arg2);
        return ret;
      }, arguments);
    }, "__wbg_set_2793479888329cb6"),
    __wbindgen_generic_0000000000000001: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = getStringFromWasm0(arg0, arg1);
      return ret;
    }, "__wbindgen_generic_0000000000000001"),
    __wbindgen_init_externref_table: /* @__PURE__ */ __name(function() {
      const table = wasm.__wbindgen_externrefs;
      table.set(0, void 0);
      table.set(1024, void 0);
      table.set(1025, null);
      table.set(1026, true);
      table.set(1027, false);
    }, "__wbindgen_init_externref_table")
  };
  return {
    __proto__: null,
    "./saml_edge_bg.js": import0
  };
}
__name(__wbg_get_imports, "__wbg_get_imports");
var PendingFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((ptr) => wasm.__wbg_pending_free(ptr, 1));
var VerifierFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((ptr) => wasm.__wbg_verifier_free(ptr, 1));
function addToExternrefTable0(obj) {
  const idx = wasm.__externref_table_alloc();
  wasm.__wbindgen_externrefs.set(idx, obj);
  return idx;
}
__name(addToExternrefTable0, "addToExternrefTable0");
function _assertClass(instance, klass) {
  if (!(instance instanceof klass)) {
    throw new Error(`expected instance of ${klass.name}`);
  }
}
__name(_assertClass, "_assertClass");
function getArrayU8FromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
}
__name(getArrayU8FromWasm0, "getArrayU8FromWasm0");
var cachedDataViewMemory0 = null;
function getDataViewMemory0() {
  if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || cachedDataViewMemory0.buffer.detached === void 0 && cachedDataViewMemory0.buffer !== wasm.memory.buffer) {
    cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
  }
  return cachedDataViewMemory0;
}
__name(getDataViewMemory0, "getDataViewMemory0");
function getStringFromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}
__name(getStringFromWasm0, "getStringFromWasm0");
var cachedUint32ArrayMemory0 = null;
function getUint32ArrayMemory0() {
  if (cachedUint32ArrayMemory0 === null || cachedUint32ArrayMemory0.byteLength === 0) {
    cachedUint32ArrayMemory0 = new Uint32Array(wasm.memory.buffer);
  }
  return cachedUint32ArrayMemory0;
}
__name(getUint32ArrayMemory0, "getUint32ArrayMemory0");
var cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
  if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
    cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
  }
  return cachedUint8ArrayMemory0;
}
__name(getUint8ArrayMemory0, "getUint8ArrayMemory0");
function handleError(f, args) {
  try {
    return f.apply(this, args);
  } catch (e) {
    const idx = addToExternrefTable0(e);
    wasm.__wbindgen_exn_store(idx);
  }
}
__name(handleError, "handleError");
function isLikeNone(x) {
  return x === void 0 || x === null;
}
__name(isLikeNone, "isLikeNone");
function passArray32ToWasm0(arg, malloc) {
  const ptr = malloc(arg.length * 4, 4) >>> 0;
  getUint32ArrayMemory0().set(arg, ptr / 4);
  WASM_VECTOR_LEN = arg.length;
  return ptr;
}
__name(passArray32ToWasm0, "passArray32ToWasm0");
function passArray8ToWasm0(arg, malloc) {
  const ptr = malloc(arg.length * 1, 1) >>> 0;
  getUint8ArrayMemory0().set(arg, ptr / 1);
  WASM_VECTOR_LEN = arg.length;
  return ptr;
}
__name(passArray8ToWasm0, "passArray8ToWasm0");
function passStringToWasm0(arg, malloc, realloc) {
  if (realloc === void 0) {
    const buf = cachedTextEncoder.encode(arg);
    const ptr2 = malloc(buf.length, 1) >>> 0;
    getUint8ArrayMemory0().subarray(ptr2, ptr2 + buf.length).set(buf);
    WASM_VECTOR_LEN = buf.length;
    return ptr2;
  }
  let len = arg.length;
  let ptr = malloc(len, 1) >>> 0;
  const mem = getUint8ArrayMemory0();
  let offset = 0;
  for (; offset < len; offset++) {
    const code = arg.charCodeAt(offset);
    if (code > 127) break;
    mem[ptr + offset] = code;
  }
  if (offset !== len) {
    if (offset !== 0) {
      arg = arg.slice(offset);
    }
    ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
    const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
    const ret = cachedTextEncoder.encodeInto(arg, view);
    offset += ret.written;
    ptr = realloc(ptr, len, offset, 1) >>> 0;
  }
  WASM_VECTOR_LEN = offset;
  return ptr;
}
__name(passStringToWasm0, "passStringToWasm0");
function takeFromExternrefTable0(idx) {
  const value = wasm.__wbindgen_externrefs.get(idx);
  wasm.__externref_table_dealloc(idx);
  return value;
}
__name(takeFromExternrefTable0, "takeFromExternrefTable0");
var cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
cachedTextDecoder.decode();
var MAX_SAFARI_DECODE_BYTES = 2146435072;
var numBytesDecoded = 0;
function decodeText(bytes) {
  numBytesDecoded += bytes.length;
  if (numBytesDecoded >= MAX_SAFARI_DECODE_BYTES) {
    cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
    cachedTextDecoder.decode();
    numBytesDecoded = bytes.length;
  }
  return cachedTextDecoder.decode(bytes);
}
__name(decodeText, "decodeText");
var cachedTextEncoder = new TextEncoder();
if (!("encodeInto" in cachedTextEncoder)) {
  cachedTextEncoder.encodeInto = function(arg, view) {
    const buf = cachedTextEncoder.encode(arg);
    view.set(buf);
    return {
      read: arg.length,
      written: buf.length
    };
  };
}
var WASM_VECTOR_LEN = 0;
var wasmModule;
var wasmInstance;
var wasm;
function __wbg_finalize_init(instance, module) {
  wasmInstance = instance;
  wasm = instance.exports;
  wasmModule = module;
  cachedDataViewMemory0 = null;
  cachedUint32ArrayMemory0 = null;
  cachedUint8ArrayMemory0 = null;
  wasm.__wbindgen_start();
  return wasm;
}
__name(__wbg_finalize_init, "__wbg_finalize_init");
async function __wbg_load(module, imports) {
  if (typeof Response === "function" && module instanceof Response) {
    if (!module.ok) {
      throw new Error(`failed to fetch Wasm: ${module.status} ${module.statusText} fetching '${module.url}'`);
    }
    if (typeof WebAssembly.instantiateStreaming === "function") {
      try {
        return await WebAssembly.instantiateStreaming(module, imports);
      } catch (e) {
        const validResponse = expectedResponseType(module.type);
        if (validResponse && module.headers.get("Content-Type") !== "application/wasm") {
          console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n", e);
        } else {
          throw e;
        }
      }
    }
    const bytes = await module.arrayBuffer();
    return await WebAssembly.instantiate(bytes, imports);
  } else {
    const instance = await WebAssembly.instantiate(module, imports);
    if (instance instanceof WebAssembly.Instance) {
      return { instance, module };
    } else {
      return instance;
    }
  }
  function expectedResponseType(type) {
    switch (type) {
      case "basic":
      case "cors":
      case "default":
        return true;
    }
    return false;
  }
  __name(expectedResponseType, "expectedResponseType");
}
__name(__wbg_load, "__wbg_load");
function initSync(module) {
  if (wasm !== void 0) return wasm;
  if (module !== void 0) {
    if (Object.getPrototypeOf(module) === Object.prototype) {
      ({ module } = module);
    } else {
      console.warn("using deprecated parameters for `initSync()`; pass a single object instead");
    }
  }
  const imports = __wbg_get_imports();
  if (!(module instanceof WebAssembly.Module)) {
    module = new WebAssembly.Module(module);
  }
  const instance = new WebAssembly.Instance(module, imports);
  return __wbg_finalize_init(instance, module);
}
__name(initSync, "initSync");
var __wbg_init_promise;
async function __wbg_init(module_or_path) {
  if (wasm !== void 0) return wasm;
  if (__wbg_init_promise === void 0) {
    __wbg_init_promise = __wbg_init_once(module_or_path);
    __wbg_init_promise.catch(() => {
      __wbg_init_promise = void 0;
    });
  }
  return __wbg_init_promise;
}
__name(__wbg_init, "__wbg_init");
async function __wbg_init_once(module_or_path) {
  if (module_or_path !== void 0) {
    if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
      ({ module_or_path } = module_or_path);
    } else {
      console.warn("using deprecated parameters for the initialization function; pass a single object instead");
    }
  }
  if (module_or_path === void 0) {
    module_or_path = new URL("saml_edge_bg.wasm", import.meta.url);
  }
  const imports = __wbg_get_imports();
  if (typeof module_or_path === "string" || typeof Request === "function" && module_or_path instanceof Request || typeof URL === "function" && module_or_path instanceof URL) {
    module_or_path = fetch(module_or_path);
  }
  const { instance, module } = await __wbg_load(await module_or_path, imports);
  return __wbg_finalize_init(instance, module);
}
__name(__wbg_init_once, "__wbg_init_once");

// ../../pkg/src/loader.js
var FIX = `If a bundler moved the file or did not copy it, give it to init() before any other call: the package's 'saml-edge/wasm' export as a URL, its bytes or a WebAssembly.Module (see "Bundlers" in the package README)`;
var runtime = {
  /** @type {null | (() => unknown)} the default source (may throw, e.g. without import.meta.url) */
  source: null,
  /** @type {null | ((location: URL | string) => Uint8Array | Promise<Uint8Array>)} Node: read a file: URL or a path */
  readFile: null,
  /** Compile bytes synchronously (Node: faster than the asynchronous path, see node.js). */
  compileSync: false,
  /** A sentence added to a failure in this runtime (Deno: the read permission). */
  hint: ""
};
var loading = null;
var ready = false;
function configureLoader({ source, readFile = null, compileSync = false, hint = "" }) {
  Object.assign(runtime, { source, readFile, compileSync, hint });
}
__name(configureLoader, "configureLoader");
function initFromModule(module) {
  if (ready) return;
  initSync({ module });
  ready = true;
}
__name(initFromModule, "initFromModule");
function failure(where, why, cause) {
  const hint = runtime.hint ? ` ${runtime.hint}.` : "";
  return new Error(`saml-edge: could not load its WebAssembly core from ${where}: ${why}.${hint} ${FIX}.`, { cause });
}
__name(failure, "failure");
var isModule = /* @__PURE__ */ __name((x) => typeof WebAssembly !== "undefined" && x instanceof WebAssembly.Module, "isModule");
var isBytes = /* @__PURE__ */ __name((x) => x instanceof ArrayBuffer || ArrayBuffer.isView(x), "isBytes");
var isResponse = /* @__PURE__ */ __name((x) => x !== null && typeof x === "object" && typeof x.arrayBuffer === "function" && "ok" in x && "status" in x, "isResponse");
var isUrl = /* @__PURE__ */ __name((x) => typeof x === "string" || x !== null && typeof x === "object" && typeof x.href === "string" && typeof x.protocol === "string", "isUrl");
var isPath = /* @__PURE__ */ __name((s) => typeof s === "string" && !/^[a-z][a-z0-9+.-]+:/i.test(s), "isPath");
function toBytes(x) {
  if (x instanceof Uint8Array) return x;
  if (x instanceof ArrayBuffer) return new Uint8Array(x);
  return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
}
__name(toBytes, "toBytes");
function notWasm(bytes) {
  const head = new TextDecoder().decode(bytes.subarray(0, 40)).replace(/\s+/g, " ").trim();
  return `it is not WebAssembly (${bytes.length} bytes starting "${head}")`;
}
__name(notWasm, "notWasm");
async function instantiateBytes(bytes, where) {
  const b = toBytes(bytes);
  if (!(b[0] === 0 && b[1] === 97 && b[2] === 115 && b[3] === 109)) throw failure(where, notWasm(b));
  try {
    if (runtime.compileSync) initSync({ module: new WebAssembly.Module(b) });
    else await __wbg_init({ module_or_path: b });
  } catch (e) {
    throw failure(where, `it did not compile (${e?.message ?? e})`, e);
  }
}
__name(instantiateBytes, "instantiateBytes");
async function instantiateResponse(response) {
  const where = response.url || "a Response";
  if (!response.ok) throw failure(where, `the server answered ${response.status}`);
  const type = response.headers?.get?.("content-type") ?? "";
  if (type.split(";")[0].trim() === "application/wasm" && typeof WebAssembly.instantiateStreaming === "function" && !runtime.compileSync) {
    try {
      await __wbg_init({ module_or_path: response });
      return;
    } catch (e) {
      throw failure(where, `it did not compile (${e?.message ?? e})`, e);
    }
  }
  let bytes;
  try {
    bytes = await response.arrayBuffer();
  } catch (e) {
    throw failure(where, `reading the response failed (${e?.message ?? e})`, e);
  }
  await instantiateBytes(bytes, where);
}
__name(instantiateResponse, "instantiateResponse");
async function instantiateUrl(location) {
  const where = String(location.href ?? location);
  const local = runtime.readFile && (isPath(location) || String(location.href ?? location).startsWith("file:"));
  if (local) {
    let bytes;
    try {
      bytes = await runtime.readFile(location);
    } catch (e) {
      throw failure(where, e?.code === "ENOENT" ? "there is no such file" : e?.message ?? String(e), e);
    }
    return instantiateBytes(bytes, where);
  }
  let response;
  try {
    response = await fetch(location);
  } catch (e) {
    throw failure(where, `fetching it failed (${e?.message ?? e})`, e);
  }
  return instantiateResponse(response);
}
__name(instantiateUrl, "instantiateUrl");
async function load(source) {
  let input;
  try {
    input = await source;
  } catch (e) {
    throw failure("the source given to init()", e?.message ?? String(e), e);
  }
  if (input === void 0) {
    if (runtime.source === null) throw failure("nowhere", "this runtime has no default location for it");
    try {
      input = await runtime.source();
    } catch (e) {
      throw failure("saml_edge_bg.wasm beside the package (dist/)", `that location is unknown here (${e?.message ?? e})`, e);
    }
  }
  if (isModule(input)) {
    initSync({ module: input });
  } else if (isBytes(input)) {
    await instantiateBytes(input, "the bytes given");
  } else if (isResponse(input)) {
    await instantiateResponse(input);
  } else if (isUrl(input)) {
    await instantiateUrl(input);
  } else {
    throw new TypeError(
      `init() takes a URL (URL or string), the .wasm bytes (ArrayBuffer or Uint8Array), a Response or a WebAssembly.Module, not ${input === null ? "null" : typeof input}`
    );
  }
}
__name(load, "load");
function init(source) {
  if (ready) return Promise.resolve();
  if (loading === null) {
    const attempt = load(source).then(() => {
      ready = true;
    });
    loading = attempt;
    attempt.catch(() => {
      if (loading === attempt) loading = null;
    });
  }
  return loading;
}
__name(init, "init");

// ../../pkg/src/errors.js
var JS_ERROR_CODES = Object.freeze([
  "ERR_INPUT_METHOD",
  "ERR_STATE_MISSING",
  "ERR_STATE_INVALID",
  "ERR_STATE_EXPIRED",
  "ERR_STATE_REUSED",
  "ERR_STATE_RELAY_MISMATCH"
]);
var JS_ERROR_DETAILS = Object.freeze({
  ERR_INPUT_METHOD: [["expected", "found"]],
  ERR_INPUT_ENCODING: [["expected", "found"], ["reason"]],
  ERR_LIMIT_INPUT_SIZE: [["limit", "max"]],
  ERR_CONFIG_INVALID: [["option", "reason"]],
  ERR_SAML_REPLAY: [["id"]],
  ERR_STATE_MISSING: [["cookie"]],
  ERR_STATE_INVALID: [["cookie"]],
  ERR_STATE_EXPIRED: [["expiresAt", "now"]],
  ERR_STATE_REUSED: [["requestId"]],
  ERR_STATE_RELAY_MISMATCH: [["expected", "found"]]
});
function normalizeDetail(detail) {
  const out = {};
  for (const [key, value] of Object.entries(detail)) {
    const name = key === "detail" ? "reason" : key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
__name(normalizeDetail, "normalizeDetail");
var SamlError = class extends Error {
  static {
    __name(this, "SamlError");
  }
  /**
   * @param {string} message
   * @param {{ code: string, detail?: Record<string, unknown>, cause?: unknown }} fields
   */
  constructor(message, { code, detail = {}, cause } = (
    /** @type {any} */
    {}
  )) {
    super(message, cause === void 0 ? void 0 : { cause });
    this.code = code;
    this.detail = normalizeDetail(detail ?? {});
  }
  /** Whether this error has `code` (in TypeScript, narrows `code` and `detail` to that code's). */
  is(code) {
    return this.code === code;
  }
  toJSON() {
    return { name: this.name, code: this.code, message: this.message, detail: this.detail };
  }
};
var SamlXmlError = class extends SamlError {
  static {
    __name(this, "SamlXmlError");
  }
};
var SamlSignatureError = class extends SamlError {
  static {
    __name(this, "SamlSignatureError");
  }
};
var SamlValidationError = class extends SamlError {
  static {
    __name(this, "SamlValidationError");
  }
};
var SamlReplayError = class extends SamlValidationError {
  static {
    __name(this, "SamlReplayError");
  }
};
var SamlStateError = class extends SamlError {
  static {
    __name(this, "SamlStateError");
  }
};
var SamlConfigError = class extends SamlError {
  static {
    __name(this, "SamlConfigError");
  }
};
for (const [Class, name] of [
  [SamlError, "SamlError"],
  [SamlXmlError, "SamlXmlError"],
  [SamlSignatureError, "SamlSignatureError"],
  [SamlValidationError, "SamlValidationError"],
  [SamlReplayError, "SamlReplayError"],
  [SamlStateError, "SamlStateError"],
  [SamlConfigError, "SamlConfigError"]
]) {
  Object.defineProperty(Class.prototype, "name", { value: name, writable: true, configurable: true });
}
function errorClassFor(code) {
  if (code === "ERR_SAML_REPLAY") return SamlReplayError;
  if (code.startsWith("ERR_SAML_")) return SamlValidationError;
  if (code.startsWith("ERR_XML_") || code.startsWith("ERR_LIMIT_") || code.startsWith("ERR_INPUT_")) return SamlXmlError;
  if (code.startsWith("ERR_DSIG_") || code.startsWith("ERR_C14N_")) return SamlSignatureError;
  if (code.startsWith("ERR_STATE_")) return SamlStateError;
  if (code.startsWith("ERR_CERT_") || code.startsWith("ERR_KEY_") || code.startsWith("ERR_CONFIG_") || code === "ERR_METADATA") {
    return SamlConfigError;
  }
  return SamlError;
}
__name(errorClassFor, "errorClassFor");
function samlError(code, message, detail = {}, cause) {
  const Class = errorClassFor(code);
  return new Class(message, { code, detail, cause });
}
__name(samlError, "samlError");
function fromCore(error) {
  if (error instanceof SamlError) return error;
  let code;
  let message;
  let detail;
  if (error !== null && typeof error === "object" && typeof error.code === "string") {
    ({ code, message, detail } = error);
  } else if (typeof error === "string" && error.startsWith("{")) {
    try {
      ({ code, message, detail } = JSON.parse(error));
    } catch {
      return error;
    }
  }
  if (typeof code !== "string" || !code.startsWith("ERR_")) return error;
  if (typeof detail === "string") {
    try {
      detail = JSON.parse(detail);
    } catch {
      detail = { reason: detail };
    }
  }
  if (detail === null || typeof detail !== "object") detail = {};
  return samlError(code, typeof message === "string" && message ? message : code, detail, error);
}
__name(fromCore, "fromCore");
function core(fn) {
  try {
    return fn();
  } catch (error) {
    throw fromCore(error);
  }
}
__name(core, "core");

// ../../pkg/src/webcrypto.js
var WebCryptoUnavailable = class extends Error {
  static {
    __name(this, "WebCryptoUnavailable");
  }
};
var HASHES = /* @__PURE__ */ new Set(["SHA-1", "SHA-256", "SHA-384", "SHA-512"]);
var CURVES = { "EC-P256": "P-256", "EC-P384": "P-384" };
function base64Decode(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
__name(base64Decode, "base64Decode");
var nodeCrypto = null;
function hasNodeCrypto() {
  return nodeCrypto !== null;
}
__name(hasNodeCrypto, "hasNodeCrypto");
var KeyRing = class {
  static {
    __name(this, "KeyRing");
  }
  /** @type {Map<string, Promise<CryptoKey>>} */
  #imported = /* @__PURE__ */ new Map();
  /** @type {Map<number, unknown>} */
  #nodeKeys = /* @__PURE__ */ new Map();
  #keys;
  #node;
  /**
   * @param {Array<{index:number, kind:string, spki:string}>} keys from Verifier.keys()
   * @param {'webcrypto' | 'node'} mode
   */
  constructor(keys, mode) {
    this.#keys = new Map(keys.map((k) => [k.index, k]));
    this.#node = mode === "node";
  }
  /** Whether verify() answers synchronously (crypto 'node'). */
  get synchronous() {
    return this.#node;
  }
  #cryptoKey(index, scheme, hash) {
    const key = this.#keys.get(index);
    if (key === void 0) return null;
    let cacheKey;
    let algorithm;
    if (scheme === "RSASSA-PKCS1-v1_5") {
      if (key.kind !== "RSA") return null;
      cacheKey = `${index}/RSA/${hash}`;
      algorithm = { name: "RSASSA-PKCS1-v1_5", hash };
    } else if (scheme === "ECDSA") {
      const namedCurve = CURVES[key.kind];
      if (namedCurve === void 0) return null;
      cacheKey = `${index}/EC`;
      algorithm = { name: "ECDSA", namedCurve };
    } else {
      return null;
    }
    let promise = this.#imported.get(cacheKey);
    if (promise === void 0) {
      promise = crypto.subtle.importKey("spki", base64Decode(key.spki), algorithm, false, ["verify"]);
      this.#imported.set(cacheKey, promise);
    }
    return promise;
  }
  /**
   * The index of the first candidate key whose signature over `message` verifies, or -1.
   * @param {{scheme:string, hash:string, candidates:number[]}} task
   */
  async verify(task, message, signature) {
    const { scheme, hash, candidates } = task;
    if (!HASHES.has(hash) || scheme !== "RSASSA-PKCS1-v1_5" && scheme !== "ECDSA") {
      throw new WebCryptoUnavailable(`${scheme} with ${hash}`);
    }
    if (this.#node) return this.verifySync(task, message, signature);
    for (const index of candidates) {
      const pending = this.#cryptoKey(index, scheme, hash);
      if (pending === null) continue;
      let ok;
      try {
        const key = await pending;
        ok = scheme === "ECDSA" ? await crypto.subtle.verify({ name: "ECDSA", hash }, key, signature, message) : await crypto.subtle.verify({ name: "RSASSA-PKCS1-v1_5" }, key, signature, message);
      } catch (cause) {
        throw new WebCryptoUnavailable(`${scheme} with ${hash}: ${cause?.message ?? cause}`);
      }
      if (ok) return index;
    }
    return -1;
  }
  /** The `hash` ('SHA-256', ...) of `bytes` by crypto.subtle: a Reference digest the core compares. */
  async digest(hash, bytes) {
    if (!HASHES.has(hash)) throw new WebCryptoUnavailable(hash);
    try {
      return new Uint8Array(await crypto.subtle.digest(hash, bytes));
    } catch (cause) {
      throw new WebCryptoUnavailable(`${hash}: ${cause?.message ?? cause}`);
    }
  }
  /** As digest(), with node:crypto, synchronously (crypto 'node'). */
  digestSync(hash, bytes) {
    if (nodeCrypto === null || !HASHES.has(hash)) throw new WebCryptoUnavailable(hash);
    try {
      return nodeCrypto.digest(hash, bytes);
    } catch (cause) {
      throw new WebCryptoUnavailable(`${hash}: ${cause?.message ?? cause}`);
    }
  }
  /** As verify(), with node:crypto, synchronously (crypto 'node'). */
  verifySync(task, message, signature) {
    const { scheme, hash, candidates } = task;
    if (nodeCrypto === null || !HASHES.has(hash) || scheme !== "RSASSA-PKCS1-v1_5" && scheme !== "ECDSA") {
      throw new WebCryptoUnavailable(`${scheme} with ${hash}`);
    }
    for (const index of candidates) {
      const key = this.#keys.get(index);
      if (key === void 0) continue;
      if (scheme === "RSASSA-PKCS1-v1_5" ? key.kind !== "RSA" : CURVES[key.kind] === void 0) continue;
      let ok;
      try {
        let keyObject = this.#nodeKeys.get(index);
        if (keyObject === void 0) {
          keyObject = nodeCrypto.importSpki(base64Decode(key.spki));
          this.#nodeKeys.set(index, keyObject);
        }
        ok = nodeCrypto.verify(scheme, hash, keyObject, signature, message);
      } catch (cause) {
        throw new WebCryptoUnavailable(`${scheme} with ${hash}: ${cause?.message ?? cause}`);
      }
      if (ok) return index;
    }
    return -1;
  }
};

// ../../pkg/src/options.js
var encoder = new TextEncoder();
var TOP_LEVEL = /* @__PURE__ */ new Set([
  "entityId",
  "acsUrl",
  "idp",
  "requestStateSecret",
  "clockTolerance",
  "allowSha1",
  "requireSignedAssertion",
  "loginNameClaim",
  "crypto",
  "replayCache",
  "requestStateMaxAge",
  "cookieName",
  "now"
]);
var IDP = /* @__PURE__ */ new Set(["metadataXml", "entityId", "ssoUrl", "certificates"]);
var COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
function fail(message) {
  return new TypeError(message);
}
__name(fail, "fail");
function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
__name(isPlainObject, "isPlainObject");
function rejectUnknown(object, allowed, prefix) {
  for (const key of Object.keys(object)) {
    if (!allowed.has(key)) throw fail(`${prefix}.${key} is not a known option`);
  }
}
__name(rejectUnknown, "rejectUnknown");
function nonEmptyString(value, name) {
  if (typeof value !== "string" || value.trim() === "") throw fail(`${name} must be a non-empty string`);
  return value;
}
__name(nonEmptyString, "nonEmptyString");
function optionalBoolean(value, name, fallback) {
  if (value === void 0) return fallback;
  if (typeof value !== "boolean") throw fail(`${name} must be a boolean`);
  return value;
}
__name(optionalBoolean, "optionalBoolean");
function webUrl(value, name) {
  let url;
  try {
    url = typeof value === "string" ? new URL(value) : null;
  } catch {
    url = null;
  }
  if (url === null || url.protocol !== "https:" && url.protocol !== "http:") {
    throw fail(`${name} must be an absolute https or http URL`);
  }
  return url;
}
__name(webUrl, "webUrl");
function isCryptoKey(value) {
  return typeof CryptoKey !== "undefined" && value instanceof CryptoKey;
}
__name(isCryptoKey, "isCryptoKey");
function normalizeOptions(options) {
  if (!isPlainObject(options)) throw fail("options must be an object");
  rejectUnknown(options, TOP_LEVEL, "options");
  const entityId = nonEmptyString(options.entityId, "options.entityId");
  const acs = webUrl(options.acsUrl, "options.acsUrl");
  if (/[;,\s]/.test(acs.pathname)) throw fail('options.acsUrl must have a path without ";", "," or spaces');
  const idp = options.idp;
  if (!isPlainObject(idp)) throw fail("options.idp must be an object: { metadataXml } or { entityId, ssoUrl, certificates }");
  rejectUnknown(idp, IDP, "options.idp");
  if (idp.metadataXml !== void 0) nonEmptyString(idp.metadataXml, "options.idp.metadataXml");
  if (idp.certificates !== void 0) {
    if (!Array.isArray(idp.certificates) || idp.certificates.length === 0 || idp.certificates.some((c) => typeof c !== "string" || c.trim() === "")) {
      throw fail("options.idp.certificates must be a non-empty array of PEM or base64 DER strings");
    }
  }
  if (idp.metadataXml === void 0 && idp.certificates === void 0) {
    throw fail("options.idp needs metadataXml or certificates (the IdP signing certificates to pin)");
  }
  if (idp.metadataXml === void 0 && idp.entityId === void 0) {
    throw fail("options.idp.entityId is required with certificates (the expected Issuer)");
  }
  if (idp.entityId !== void 0) nonEmptyString(idp.entityId, "options.idp.entityId");
  if (idp.ssoUrl !== void 0) webUrl(idp.ssoUrl, "options.idp.ssoUrl");
  const secret = options.requestStateSecret;
  if (secret !== void 0) {
    if (typeof secret === "string") {
      if (encoder.encode(secret).length < 32) {
        throw fail("options.requestStateSecret must be at least 32 bytes (use 32 random bytes, e.g. 64 hex digits)");
      }
    } else if (isCryptoKey(secret)) {
      if (secret.algorithm?.name !== "HMAC" || !secret.usages.includes("sign") || !secret.usages.includes("verify")) {
        throw fail("options.requestStateSecret must be an HMAC CryptoKey with the usages sign and verify");
      }
    } else {
      throw fail("options.requestStateSecret must be a string of at least 32 bytes or an HMAC CryptoKey");
    }
  }
  const clockTolerance = options.clockTolerance ?? 180;
  if (!Number.isSafeInteger(clockTolerance) || clockTolerance < 0 || clockTolerance > 86400) {
    throw fail("options.clockTolerance must be a whole number of seconds from 0 to 86400");
  }
  const allowSha1 = optionalBoolean(options.allowSha1, "options.allowSha1", false);
  const requireSignedAssertion = optionalBoolean(options.requireSignedAssertion, "options.requireSignedAssertion", false);
  const loginNameClaim = options.loginNameClaim === void 0 ? void 0 : nonEmptyString(options.loginNameClaim, "options.loginNameClaim");
  const hasSubtle = typeof crypto !== "undefined" && crypto !== null && crypto.subtle !== void 0;
  const cryptoMode = options.crypto ?? (hasNodeCrypto() ? "node" : hasSubtle ? "webcrypto" : "wasm");
  if (cryptoMode !== "webcrypto" && cryptoMode !== "wasm" && cryptoMode !== "node") {
    throw fail('options.crypto must be "node", "webcrypto" or "wasm"');
  }
  if (cryptoMode === "webcrypto" && !hasSubtle) {
    throw fail('options.crypto is "webcrypto" but crypto.subtle is not available here (use "wasm")');
  }
  if (cryptoMode === "node" && !hasNodeCrypto()) {
    throw fail(`options.crypto is "node" but this is not the package's Node entry (use "webcrypto" or "wasm")`);
  }
  const replayCache = options.replayCache;
  if (replayCache !== void 0 && (replayCache === null || typeof replayCache.has !== "function" || typeof replayCache.put !== "function")) {
    throw fail("options.replayCache must have the methods has(id) and put(id, expiresAtMs)");
  }
  const requestStateMaxAge = options.requestStateMaxAge ?? 300;
  if (!Number.isSafeInteger(requestStateMaxAge) || requestStateMaxAge < 1 || requestStateMaxAge > 86400) {
    throw fail("options.requestStateMaxAge must be a whole number of seconds from 1 to 86400");
  }
  const cookieName = options.cookieName ?? "saml_edge_state";
  if (typeof cookieName !== "string" || !COOKIE_NAME.test(cookieName)) {
    throw fail("options.cookieName must be a cookie name (letters, digits and !#$%&'*+-.^_`|~)");
  }
  const now = options.now ?? (() => Date.now());
  if (typeof now !== "function") throw fail("options.now must be a function returning milliseconds since the epoch");
  return {
    entityId,
    acsUrl: options.acsUrl,
    acsPath: acs.pathname,
    idp: {
      metadataXml: idp.metadataXml,
      entityId: idp.entityId,
      ssoUrl: idp.ssoUrl,
      certificates: idp.certificates
    },
    requestStateSecret: secret,
    clockTolerance,
    allowSha1,
    requireSignedAssertion,
    loginNameClaim,
    crypto: cryptoMode,
    replayCache,
    requestStateMaxAge,
    cookieName,
    now
  };
}
__name(normalizeOptions, "normalizeOptions");
function checkCallOptions(value, allowed, name) {
  if (value === void 0) return {};
  if (!isPlainObject(value)) throw fail(`${name} must be an object`);
  rejectUnknown(value, new Set(allowed), name);
  return value;
}
__name(checkCallOptions, "checkCallOptions");

// ../../pkg/src/replay.js
var DEFAULT_MAX_ENTRIES = 1e4;
var MemoryReplayCache = class {
  static {
    __name(this, "MemoryReplayCache");
  }
  #entries = /* @__PURE__ */ new Map();
  #maxEntries;
  #now;
  /**
   * @param {{ maxEntries?: number, now?: () => number }} [options]
   */
  constructor({ maxEntries = DEFAULT_MAX_ENTRIES, now = /* @__PURE__ */ __name(() => Date.now(), "now") } = {}) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError("options.maxEntries must be a positive integer");
    }
    if (typeof now !== "function") throw new TypeError("options.now must be a function returning milliseconds");
    this.#maxEntries = maxEntries;
    this.#now = now;
  }
  /** Whether `id` was put and has not expired yet. */
  async has(id) {
    const expiresAt = this.#entries.get(id);
    if (expiresAt === void 0) return false;
    if (expiresAt <= this.#now()) {
      this.#entries.delete(id);
      return false;
    }
    return true;
  }
  /** Remember `id` until `expiresAtMs`. When full, expired entries go first, then the oldest. */
  async put(id, expiresAtMs) {
    this.#entries.delete(id);
    this.#entries.set(id, expiresAtMs);
    if (this.#entries.size <= this.#maxEntries) return;
    const now = this.#now();
    for (const [key, expiresAt] of this.#entries) {
      if (expiresAt <= now) this.#entries.delete(key);
    }
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(key);
    }
  }
  /** How many entries are held (expired ones included until they are swept). */
  get size() {
    return this.#entries.size;
  }
};

// ../../pkg/src/state.js
var encoder2 = new TextEncoder();
var decoder = new TextDecoder("utf-8", { fatal: true });
var PREFIX = "v1";
function base64urlEncode(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 32768) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 32768));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
__name(base64urlEncode, "base64urlEncode");
function base64urlDecode(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
__name(base64urlDecode, "base64urlDecode");
async function importStateKey(secret) {
  if (typeof secret !== "string") return secret;
  return crypto.subtle.importKey("raw", encoder2.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify"
  ]);
}
__name(importStateKey, "importStateKey");
function macInput(acsUrl, payload) {
  return encoder2.encode(`saml-edge state ${PREFIX}
${acsUrl}
${payload}`);
}
__name(macInput, "macInput");
async function seal(key, acsUrl, state) {
  const payload = base64urlEncode(
    encoder2.encode(
      JSON.stringify({ requestId: state.requestId, relayState: state.relayState ?? null, expiresAt: state.expiresAt })
    )
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, macInput(acsUrl, payload)));
  return `${PREFIX}.${payload}.${base64urlEncode(mac)}`;
}
__name(seal, "seal");
async function unseal(key, acsUrl, value) {
  const parts = value.split(".");
  if (parts.length !== 3 || parts[0] !== PREFIX) return null;
  const [, payload, macText] = parts;
  const mac = base64urlDecode(macText);
  if (mac === null || mac.length !== 32) return null;
  if (!await crypto.subtle.verify("HMAC", key, mac, macInput(acsUrl, payload))) return null;
  const bytes = base64urlDecode(payload);
  if (bytes === null) return null;
  let state;
  try {
    state = JSON.parse(decoder.decode(bytes));
  } catch {
    return null;
  }
  if (state === null || typeof state !== "object" || typeof state.requestId !== "string" || state.requestId === "" || !(state.relayState === null || typeof state.relayState === "string") || !Number.isFinite(state.expiresAt)) {
    return null;
  }
  return { requestId: state.requestId, relayState: state.relayState, expiresAt: state.expiresAt };
}
__name(unseal, "unseal");
function cookieValues(header, name) {
  const values = [];
  if (!header) return values;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    values.push(value);
  }
  return values;
}
__name(cookieValues, "cookieValues");
async function readState(key, acsUrl, cookieHeader, name, nowMs) {
  const values = cookieValues(cookieHeader, name);
  if (values.length === 0) {
    throw samlError(
      "ERR_STATE_MISSING",
      `the request has no ${name} cookie: the login was not started here, the cookie expired, or the browser did not send it (it needs HTTPS: Secure; SameSite=None)`,
      { cookie: name }
    );
  }
  let state = null;
  for (const value of values) {
    state = await unseal(key, acsUrl, value);
    if (state !== null) break;
  }
  if (state === null) {
    throw samlError(
      "ERR_STATE_INVALID",
      `the ${name} cookie was not made by this service provider or was changed (its MAC does not verify)`,
      { cookie: name }
    );
  }
  if (nowMs >= state.expiresAt) {
    throw samlError(
      "ERR_STATE_EXPIRED",
      `the login expired at ${new Date(state.expiresAt).toISOString()} (now ${new Date(nowMs).toISOString()}); start it again`,
      { expires_at: new Date(state.expiresAt).toISOString(), now: new Date(nowMs).toISOString() }
    );
  }
  return state;
}
__name(readState, "readState");
function setCookieHeader(name, value, path, maxAgeSeconds) {
  return `${name}=${value}; Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=None`;
}
__name(setCookieHeader, "setCookieHeader");

// ../../pkg/src/api.js
var encoder3 = new TextEncoder();
var CONSTRUCT = /* @__PURE__ */ Symbol("saml-edge construct");
var MAX_BODY_BYTES = 2 << 20;
var HOST_DIGESTS_MIN_INPUT_BYTES = 24 * 1024;
var FALLBACK_REPLAY_MS = 24 * 3600 * 1e3;
var MAX_RELAY_STATE_BYTES = 80;
function randomRequestId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return `id${hex}`;
}
__name(randomRequestId, "randomRequestId");
function toBytes2(input, name) {
  if (typeof input === "string") return encoder3.encode(input);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError(`${name} must be a string (XML, base64 or a form body) or a Uint8Array`);
}
__name(toBytes2, "toBytes");
function groupAttributes(identity) {
  const attributes = {};
  const claims = {};
  const add = /* @__PURE__ */ __name((map, key, values) => {
    if (!Object.hasOwn(map, key)) {
      Object.defineProperty(map, key, { value: [], enumerable: true, writable: true, configurable: true });
    }
    const list = map[key];
    for (const v of values) list.push(v);
  }, "add");
  for (const a of identity.attributeList) {
    add(attributes, a.name, a.values);
    add(claims, a.claim, a.values);
  }
  identity.attributes = attributes;
  identity.claims = claims;
  return identity;
}
__name(groupAttributes, "groupAttributes");
async function readBody(request) {
  const tooLarge = /* @__PURE__ */ __name(() => samlError("ERR_LIMIT_INPUT_SIZE", `the request body exceeds the limit of ${MAX_BODY_BYTES} input bytes`, {
    limit: "input bytes",
    max: String(MAX_BODY_BYTES)
  }), "tooLarge");
  const length = Number(request.headers.get("content-length"));
  if (Number.isFinite(length) && length > MAX_BODY_BYTES) throw tooLarge();
  const body = request.body;
  if (body && typeof body.getReader === "function") {
    const reader = body.getReader();
    const chunks = [];
    let total = 0;
    for (; ; ) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_BODY_BYTES) {
        reader.cancel().catch(() => {
        });
        throw tooLarge();
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const c of chunks) {
      bytes.set(c, offset);
      offset += c.byteLength;
    }
    return bytes;
  }
  if (typeof request.arrayBuffer === "function") {
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.length > MAX_BODY_BYTES) throw tooLarge();
    return bytes;
  }
  if (typeof request.text === "function") {
    const bytes = encoder3.encode(await request.text());
    if (bytes.length > MAX_BODY_BYTES) throw tooLarge();
    return bytes;
  }
  return new Uint8Array(0);
}
__name(readBody, "readBody");
var ServiceProvider = class _ServiceProvider {
  static {
    __name(this, "ServiceProvider");
  }
  #o;
  #verifier;
  #keyRing;
  #keys;
  #idp;
  #stateKey;
  #replay;
  #recording = /* @__PURE__ */ new Set();
  constructor(token, fields) {
    if (token !== CONSTRUCT) throw new TypeError("use `await ServiceProvider.create(options)`");
    this.#o = fields.options;
    this.#verifier = fields.verifier;
    this.#keys = fields.keys;
    this.#keyRing = fields.options.crypto === "wasm" ? null : new KeyRing(fields.keys, fields.options.crypto);
    this.#idp = fields.idp;
    this.#stateKey = fields.stateKey;
    this.#replay = fields.options.replayCache ?? new MemoryReplayCache({ now: fields.options.now });
  }
  /**
   * Check the options (a TypeError names a bad one), load the core, pin the
   * IdP's keys (a SamlConfigError if a certificate or the metadata is unusable).
   */
  static async create(options) {
    const o = normalizeOptions(options);
    await init();
    const config = {
      spEntityId: o.entityId,
      acsUrl: o.acsUrl,
      idpEntityId: o.idp.entityId ?? null,
      certificates: o.idp.certificates ?? [],
      clockTolerance: o.clockTolerance,
      allowSha1: o.allowSha1,
      requireSignedAssertion: o.requireSignedAssertion
    };
    if (o.idp.metadataXml !== void 0) config.metadataXml = o.idp.metadataXml;
    if (o.loginNameClaim !== void 0) config.loginNameClaim = o.loginNameClaim;
    const verifier = core(() => new Verifier(JSON.stringify(config)));
    const keys = JSON.parse(verifier.keys());
    const idpInfo = JSON.parse(verifier.idp());
    const idp = Object.freeze({
      entityId: o.idp.entityId ?? idpInfo.entityId ?? null,
      ssoUrl: o.idp.ssoUrl ?? idpInfo.ssoRedirectUrl ?? null
    });
    const stateKey = o.requestStateSecret === void 0 ? null : await importStateKey(o.requestStateSecret);
    return new _ServiceProvider(CONSTRUCT, { options: o, verifier, keys, idp, stateKey });
  }
  /** The SP entity ID (the expected Audience and the AuthnRequest Issuer). */
  get entityId() {
    return this.#o.entityId;
  }
  /** The ACS URL (the expected Destination and Recipient). */
  get acsUrl() {
    return this.#o.acsUrl;
  }
  /** The IdP as configured or read from its metadata: `{ entityId, ssoUrl }`. */
  get idp() {
    return this.#idp;
  }
  /** The pinned IdP keys: `[{ index, kind, bits, spki, sha256 }]`. */
  get keys() {
    return this.#keys.map((k) => ({ ...k }));
  }
  /** Which implementation checks signature values: 'node', 'webcrypto' or 'wasm'. */
  get crypto() {
    return this.#o.crypto;
  }
  #requireStateKey(method) {
    if (this.#stateKey === null) {
      throw new TypeError(`options.requestStateSecret is required to use ${method}()`);
    }
    return this.#stateKey;
  }
  /** A Set-Cookie value that deletes the request-state cookie (send it when a login fails, too). */
  clearStateCookie() {
    return setCookieHeader(this.#o.cookieName, "", this.#o.acsPath, 0);
  }
  /**
   * Start a login: an AuthnRequest for the HTTP-Redirect binding and the
   * request-state cookie that binds the response to this browser.
   */
  async startLogin(options) {
    const { relayState, loginHint, forceAuthn, nameIdFormat } = checkCallOptions(
      options,
      ["relayState", "loginHint", "forceAuthn", "nameIdFormat"],
      "startLogin options"
    );
    if (relayState !== void 0) {
      if (typeof relayState !== "string" || encoder3.encode(relayState).length > MAX_RELAY_STATE_BYTES) {
        throw new TypeError(`relayState must be a string of at most ${MAX_RELAY_STATE_BYTES} bytes`);
      }
    }
    if (loginHint !== void 0 && typeof loginHint !== "string") throw new TypeError("loginHint must be a string");
    if (forceAuthn !== void 0 && typeof forceAuthn !== "boolean") throw new TypeError("forceAuthn must be a boolean");
    if (nameIdFormat !== void 0 && (typeof nameIdFormat !== "string" || nameIdFormat === "")) {
      throw new TypeError("nameIdFormat must be a non-empty string");
    }
    const key = this.#requireStateKey("startLogin");
    if (this.#idp.ssoUrl === null) {
      throw samlError(
        "ERR_CONFIG_INVALID",
        "the IdP has no SSO URL: set options.idp.ssoUrl (or give metadata with an HTTP-Redirect SingleSignOnService)",
        { option: "idp.ssoUrl", detail: "missing" }
      );
    }
    await init();
    const nowMs = this.#o.now();
    const requestId = randomRequestId();
    const built = JSON.parse(
      core(
        () => buildAuthnRequest(
          JSON.stringify({
            id: requestId,
            issueInstantMs: nowMs,
            destination: this.#idp.ssoUrl,
            acsUrl: this.#o.acsUrl,
            spEntityId: this.#o.entityId,
            relayState: relayState ?? null,
            loginHint: loginHint ?? null,
            nameIdFormat: nameIdFormat ?? null,
            forceAuthn: forceAuthn ?? false
          })
        )
      )
    );
    const expiresAt = nowMs + this.#o.requestStateMaxAge * 1e3;
    const value = await seal(key, this.#o.acsUrl, { requestId, relayState: relayState ?? null, expiresAt });
    return {
      url: built.url,
      requestId,
      setCookie: setCookieHeader(this.#o.cookieName, value, this.#o.acsPath, this.#o.requestStateMaxAge)
    };
  }
  /**
   * Finish a login at the ACS: `request` is the IdP's form POST (a Fetch API
   * Request). Checks the request-state cookie, verifies the SAMLResponse
   * against the request it started, refuses replays, and returns the identity
   * with the RelayState stored at startLogin.
   */
  async finishLogin(request) {
    if (request === null || typeof request !== "object" || !request.headers || typeof request.headers.get !== "function") {
      throw new TypeError("request must be a Request (the POST to the ACS)");
    }
    const key = this.#requireStateKey("finishLogin");
    const method = String(request.method ?? "").toUpperCase();
    if (method !== "POST") {
      throw samlError("ERR_INPUT_METHOD", `the ACS takes the IdP's HTTP-POST, not ${method || "this request"}`, {
        expected: "POST",
        found: method
      });
    }
    const nowMs = this.#o.now();
    const state = await readState(key, this.#o.acsUrl, request.headers.get("cookie"), this.#o.cookieName, nowMs);
    const requestKey = `request:${state.requestId}`;
    if (await this.#replay.has(requestKey)) {
      throw samlError("ERR_STATE_REUSED", `the login ${state.requestId} was already completed; start a new one`, {
        request_id: state.requestId
      });
    }
    const contentType = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (contentType !== "application/x-www-form-urlencoded") {
      throw samlError(
        "ERR_INPUT_ENCODING",
        `the ACS takes an application/x-www-form-urlencoded body, not ${contentType || "a body without Content-Type"}`,
        { expected: "application/x-www-form-urlencoded", found: contentType }
      );
    }
    const body = await readBody(request);
    let form;
    try {
      form = new URLSearchParams(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch {
      throw samlError("ERR_INPUT_ENCODING", "the posted body is not UTF-8", { detail: "the posted body is not UTF-8" });
    }
    if (form.getAll("SAMLResponse").length !== 1) {
      throw samlError("ERR_INPUT_ENCODING", "the form must carry exactly one SAMLResponse field", {
        detail: `${form.getAll("SAMLResponse").length} SAMLResponse fields`
      });
    }
    const posted = form.getAll("RelayState");
    if (posted.length > 1) {
      throw samlError("ERR_INPUT_ENCODING", "the form carries RelayState more than once", {
        detail: `${posted.length} RelayState fields`
      });
    }
    const postedRelay = posted.length === 1 ? posted[0] : null;
    if (postedRelay !== state.relayState) {
      throw samlError(
        "ERR_STATE_RELAY_MISMATCH",
        "the RelayState posted with the response differs from the one this login started with",
        { expected: state.relayState ?? "(none)", found: postedRelay ?? "(none)" }
      );
    }
    const identity = await this.#verifyAndRecord(body, {
      nowMs,
      inResponseTo: state.requestId,
      allowUnsolicited: false
    });
    await this.#replay.put(requestKey, state.expiresAt);
    return { identity, relayState: state.relayState, setCookie: this.clearStateCookie() };
  }
  /**
   * Verify a SAMLResponse (raw XML, its base64 as POSTed, or the whole form
   * body) and refuse a replayed assertion. Strict by default: without
   * `inResponseTo` only `allowUnsolicited: true` accepts a response.
   */
  async verifyResponse(input, options) {
    const { inResponseTo, currentDate, allowUnsolicited } = checkCallOptions(
      options,
      ["inResponseTo", "currentDate", "allowUnsolicited"],
      "verifyResponse options"
    );
    const bytes = toBytes2(input, "input");
    if (inResponseTo !== void 0 && inResponseTo !== null && (typeof inResponseTo !== "string" || inResponseTo === "")) {
      throw new TypeError("inResponseTo must be a non-empty string (the ID of the request this response answers)");
    }
    if (currentDate !== void 0 && !(currentDate instanceof Date && Number.isFinite(currentDate.getTime()))) {
      throw new TypeError("currentDate must be a valid Date");
    }
    if (allowUnsolicited !== void 0 && typeof allowUnsolicited !== "boolean") {
      throw new TypeError("allowUnsolicited must be a boolean");
    }
    return this.#verifyAndRecord(bytes, {
      nowMs: currentDate ? currentDate.getTime() : this.#o.now(),
      inResponseTo: inResponseTo ?? null,
      allowUnsolicited: allowUnsolicited ?? false
    });
  }
  async #verifyAndRecord(bytes, call) {
    await init();
    const callJson = JSON.stringify(call);
    const identityJson = this.#keyRing === null ? core(() => this.#verifier.verify(bytes, callJson)) : await this.#verifyWebCrypto(bytes, call);
    const identity = groupAttributes(JSON.parse(identityJson));
    const replayKey = `assertion:${identity.assertionId}`;
    const replayed = /* @__PURE__ */ __name(() => samlError("ERR_SAML_REPLAY", `the assertion ${identity.assertionId} was already used`, {
      id: identity.assertionId
    }), "replayed");
    if (this.#recording.has(replayKey)) throw replayed();
    this.#recording.add(replayKey);
    try {
      if (await this.#replay.has(replayKey)) throw replayed();
      const expiresMs = Number.isFinite(identity.replayExpiresMs) ? identity.replayExpiresMs : call.nowMs + FALLBACK_REPLAY_MS;
      await this.#replay.put(replayKey, expiresMs);
    } finally {
      this.#recording.delete(replayKey);
    }
    return identity;
  }
  /**
   * Signature values and Reference digests by the runtime's crypto (the digests too: its SHA is
   * native code, the core's is portable Rust), every check and the verdict by the core.
   */
  async #verifyWebCrypto(bytes, call) {
    const ring = this.#keyRing;
    const hostDigests = ring.synchronous || bytes.length > HOST_DIGESTS_MIN_INPUT_BYTES;
    const pending = core(() => this.#verifier.begin(bytes, JSON.stringify({ ...call, hostDigests })));
    let consumed = false;
    try {
      const digestCount = pending.digestCount();
      const parts = [];
      let length = 0;
      for (let i = 0; i < digestCount; i++) {
        const hash = pending.digestHash(i);
        const canonical = pending.digestBytes(i);
        const d = ring.synchronous ? ring.digestSync(hash, canonical) : await ring.digest(hash, canonical);
        parts.push(d);
        length += d.length;
      }
      const digests = new Uint8Array(length);
      for (let i = 0, at = 0; i < parts.length; at += parts[i].length, i++) digests.set(parts[i], at);
      const count = pending.taskCount();
      const results = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const task = JSON.parse(pending.taskInfo(i));
        const [message, signature] = [pending.taskMessage(i), pending.taskSignature(i)];
        results[i] = this.#keyRing.synchronous ? this.#keyRing.verifySync(task, message, signature) : await this.#keyRing.verify(task, message, signature);
      }
      consumed = true;
      return core(() => pending.finishWithDigests(this.#verifier, results, digests));
    } catch (error) {
      if (error instanceof WebCryptoUnavailable) {
        return core(() => this.#verifier.verify(bytes, JSON.stringify(call)));
      }
      throw fromCore(error);
    } finally {
      if (!consumed) pending.free();
    }
  }
};

// ../../pkg/src/workerd.js
configureLoader({ source: /* @__PURE__ */ __name(() => wasmModule2, "source") });
try {
  initFromModule(wasmModule2);
} catch {
}

// app/fixture.gen.js
var settings = { "entityId": "https://auth.iws-hybrid.trendmicro.com/0123456789abcdef", "acsUrl": "https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp", "idpEntityId": "https://sts.windows.net/00000000-0000-0000-0000-000000000000/", "inResponseTo": "_4fee3b046395c4e751011e97f8900b5273d56685", "now": "2026-01-15T10:01:00Z" };
var certificate = "-----BEGIN CERTIFICATE-----\nMIIC9TCCAd2gAwIBAgICEAEwDQYJKoZIhvcNAQELBQAwHTEbMBkGA1UEAwwSc2Ft\nbC1lZGdlIHRlc3QgSWRQMB4XDTI1MDEwMTAwMDAwMFoXDTM1MDEwMTAwMDAwMFow\nHTEbMBkGA1UEAwwSc2FtbC1lZGdlIHRlc3QgSWRQMIIBIjANBgkqhkiG9w0BAQEF\nAAOCAQ8AMIIBCgKCAQEA1ENhbNIkoBQ5oGM5e53t/vioeO9SQy+E6PPOWNnunUow\nEEJBKyun3fUE+sB6ureKDYQ7BwpAMTIg86Mskq0NaN0SB/1A541iHeb6zwOjaIDg\nfS9i+Xpll04qCtJ5uslaUJ55qIQ87tktBRw7qBggCGxUAX+gFZvnxA41V+fKvKp6\nQeGlp/BPG4ClWXjIftSmEN5PuRbYCMe9jSqVhzzt/oJarYosj8EirQA1rhlEMuEO\nu0D2OTO4ktmc3Q6Kepc6pdgMz6G1UPHKWJxW0ob9E55b9rXR5zsxEwK8PR2V10pV\njc9rX1+std/VeUjgLt4LYVroZXAp0qQqiQHvBngD9wIDAQABoz8wPTAMBgNVHRMB\nAf8EAjAAMA4GA1UdDwEB/wQEAwIHgDAdBgNVHQ4EFgQUXXO1IMjt3hi86eY0MSfr\nd5O95LIwDQYJKoZIhvcNAQELBQADggEBALysK/ghMiaPlJevKR2B66YaPk84mb+p\nYWdx4QnuYblLY7FrFf/tg3xZFQzg0NDZNk8fTczJTkQZoiOFX63vAKM9Zo47v7Ou\nianwGQlszuGNx+DpXlOAS97AMeTAAYRPXGJBA3r3mQf1WVSuxlk0+DdhPv7mwNMI\nIEoX3ByGs9iC7jQvwVFa6DAK7Cy/toZIEn3BPXUUAGpYvI5soCvVG0Va3uzeNr31\nwaJ3f+j+31uUeD1ZxvqWkbGsDx6M+z9LbnrzM0UQr5LLxOlzywmLwgpWfGgGYoWe\n2fgBJRhSZpd5H6K7LNhqO2EWLE96am+SAeMIUkTjOyhuy2ECJEUehlQ=\n-----END CERTIFICATE-----\n";
var valid = "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiIElEPSJfYzdiODQzNzktNzE2My01ZGI5LWIzNTYtOGM4NDA0ZDM0MjBiIiBWZXJzaW9uPSIyLjAiIElzc3VlSW5zdGFudD0iMjAyNi0wMS0xNVQxMDowMDowMC4wMDBaIiBEZXN0aW5hdGlvbj0iaHR0cHM6Ly9hdXRoLml3cy1oeWJyaWQudHJlbmRtaWNyby5jb20vc2ltcGxlc2FtbC9tb2R1bGUucGhwL3NhbWwvc3Avc2FtbDItYWNzLnBocC9pY3Mtc3AiIEluUmVzcG9uc2VUbz0iXzRmZWUzYjA0NjM5NWM0ZTc1MTAxMWU5N2Y4OTAwYjUyNzNkNTY2ODUiPjxJc3N1ZXIgeG1sbnM9InVybjpvYXNpczpuYW1lczp0YzpTQU1MOjIuMDphc3NlcnRpb24iPmh0dHBzOi8vc3RzLndpbmRvd3MubmV0LzAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMC88L0lzc3Vlcj48c2FtbHA6U3RhdHVzPjxzYW1scDpTdGF0dXNDb2RlIFZhbHVlPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6c3RhdHVzOlN1Y2Nlc3MiLz48L3NhbWxwOlN0YXR1cz48QXNzZXJ0aW9uIHhtbG5zPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6YXNzZXJ0aW9uIiBJRD0iXzcxMTE5MjAxLTM3Y2QtNTMyNS04ZDg1LTc3NjY1Y2NiYjU5OSIgSXNzdWVJbnN0YW50PSIyMDI2LTAxLTE1VDEwOjAwOjAwLjAwMFoiIFZlcnNpb249IjIuMCI+PElzc3Vlcj5odHRwczovL3N0cy53aW5kb3dzLm5ldC8wMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAvPC9Jc3N1ZXI+PFNpZ25hdHVyZSB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC8wOS94bWxkc2lnIyI+PFNpZ25lZEluZm8+PENhbm9uaWNhbGl6YXRpb25NZXRob2QgQWxnb3JpdGhtPSJodHRwOi8vd3d3LnczLm9yZy8yMDAxLzEwL3htbC1leGMtYzE0biMiLz48U2lnbmF0dXJlTWV0aG9kIEFsZ29yaXRobT0iaHR0cDovL3d3dy53My5vcmcvMjAwMS8wNC94bWxkc2lnLW1vcmUjcnNhLXNoYTI1NiIvPjxSZWZlcmVuY2UgVVJJPSIjXzcxMTE5MjAxLTM3Y2QtNTMyNS04ZDg1LTc3NjY1Y2NiYjU5OSI+PFRyYW5zZm9ybXM+PFRyYW5zZm9ybSBBbGdvcml0aG09Imh0dHA6Ly93d3cudzMub3JnLzIwMDAvMDkveG1sZHNpZyNlbnZlbG9wZWQtc2lnbmF0dXJlIi8+PFRyYW5zZm9ybSBBbGdvcml0aG09Imh0dHA6Ly93d3cudzMub3JnLzIwMDEvMTAveG1sLWV4Yy1jMTRuIyIvPjwvVHJhbnNmb3Jtcz48RGlnZXN0TWV0aG9kIEFsZ29yaXRobT0iaHR0cDovL3d3dy53My5vcmcvMjAwMS8wNC94bWxlbmMjc2hhMjU2Ii8+PERpZ2VzdFZhbHVlPlpRdFBmRE9NSE9ETkY0UmkvdVhaMVphamRWNU1CODB5WEgzTDJwY1paek09PC9EaWdlc3RWYWx1ZT48L1JlZmVyZW5jZT48L1NpZ25lZEluZm8+PFNpZ25hdHVyZVZhbHVlPlBSMUg0clJKak5sU2pPWEZtZ0s0c0l0WHRBSDN4cmVRWjhQTlhBWWNBNXBsbXB0MHZnZmo0VDNIc1piemx2ZEp5VFZzZ1JuMXh5LzZ4Y05QcmFhbGFTWUI2MnhPMlBXWEE3UW9NaFB5MjRtZkFmSVZCTWFJRjlWbW94VjVtNzMvYkNWbFRLWmhZM0pCT2xHR3duKzdqenh0blc1aEs3eEZwL3hjTFNyeUR6WnJRaXhtQkhEQzkxaTdrVDRVWGt4ei9nMkVKWG5kVElaVXRIQTNudCs5bjVJYUhBZ0tFM2VmWk5EQmphcXc1eFpjUTIwREJYUEplaUVmbXhLUkVuSC9vZTkzeU84aXVkdkIzeURPdFdVVG9tdWx4WGpBREZCSWUzNlBkeWJtbGN2clRHK3FjTW9UY214Ry9RQnN0RFZqcndKb0VVWXJiQ2ZGY3F6dDdpSTBsUT09PC9TaWduYXR1cmVWYWx1ZT48S2V5SW5mbz48WDUwOURhdGE+PFg1MDlDZXJ0aWZpY2F0ZT5NSUlDOVRDQ0FkMmdBd0lCQWdJQ0VBRXdEUVlKS29aSWh2Y05BUUVMQlFBd0hURWJNQmtHQTFVRUF3d1NjMkZ0YkMxbFpHZGxJSFJsYzNRZ1NXUlFNQjRYRFRJMU1ERXdNVEF3TURBd01Gb1hEVE0xTURFd01UQXdNREF3TUZvd0hURWJNQmtHQTFVRUF3d1NjMkZ0YkMxbFpHZGxJSFJsYzNRZ1NXUlFNSUlCSWpBTkJna3Foa2lHOXcwQkFRRUZBQU9DQVE4QU1JSUJDZ0tDQVFFQTFFTmhiTklrb0JRNW9HTTVlNTN0L3Zpb2VPOVNReStFNlBQT1dObnVuVW93RUVKQkt5dW4zZlVFK3NCNnVyZUtEWVE3QndwQU1USWc4Nk1za3EwTmFOMFNCLzFBNTQxaUhlYjZ6d09qYUlEZ2ZTOWkrWHBsbDA0cUN0SjV1c2xhVUo1NXFJUTg3dGt0QlJ3N3FCZ2dDR3hVQVgrZ0Zadm54QTQxVitmS3ZLcDZRZUdscC9CUEc0Q2xXWGpJZnRTbUVONVB1UmJZQ01lOWpTcVZoenp0L29KYXJZb3NqOEVpclFBMXJobEVNdUVPdTBEMk9UTzRrdG1jM1E2S2VwYzZwZGdNejZHMVVQSEtXSnhXMG9iOUU1NWI5clhSNXpzeEV3SzhQUjJWMTBwVmpjOXJYMStzdGQvVmVVamdMdDRMWVZyb1pYQXAwcVFxaVFIdkJuZ0Q5d0lEQVFBQm96OHdQVEFNQmdOVkhSTUJBZjhFQWpBQU1BNEdBMVVkRHdFQi93UUVBd0lIZ0RBZEJnTlZIUTRFRmdRVVhYTzFJTWp0M2hpODZlWTBNU2ZyZDVPOTVMSXdEUVlKS29aSWh2Y05BUUVMQlFBRGdnRUJBTHlzSy9naE1pYVBsSmV2S1IyQjY2WWFQazg0bWIrcFlXZHg0UW51WWJsTFk3RnJGZi90ZzN4WkZRemcwTkRaTms4ZlRjekpUa1Fab2lPRlg2M3ZBS005Wm80N3Y3T3VpYW53R1Fsc3p1R054K0RwWGxPQVM5N0FNZVRBQVlSUFhHSkJBM3IzbVFmMVdWU3V4bGswK0RkaFB2N213Tk1JSUVvWDNCeUdzOWlDN2pRdndWRmE2REFLN0N5L3RvWklFbjNCUFhVVUFHcFl2STVzb0N2VkcwVmEzdXplTnIzMXdhSjNmK2orMzF1VWVEMVp4dnFXa2JHc0R4Nk0rejlMYm5yek0wVVFyNUxMeE9senl3bUx3Z3BXZkdnR1lvV2UyZmdCSlJoU1pwZDVINks3TE5ocU8yRVdMRTk2YW0rU0FlTUlVa1RqT3lodXkyRUNKRVVlaGxRPTwvWDUwOUNlcnRpZmljYXRlPjwvWDUwOURhdGE+PC9LZXlJbmZvPjwvU2lnbmF0dXJlPjxTdWJqZWN0PjxOYW1lSUQgRm9ybWF0PSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoxLjE6bmFtZWlkLWZvcm1hdDplbWFpbEFkZHJlc3MiPkIuU2ltb25AY29udG9zby5jb208L05hbWVJRD48U3ViamVjdENvbmZpcm1hdGlvbiBNZXRob2Q9InVybjpvYXNpczpuYW1lczp0YzpTQU1MOjIuMDpjbTpiZWFyZXIiPjxTdWJqZWN0Q29uZmlybWF0aW9uRGF0YSBJblJlc3BvbnNlVG89Il80ZmVlM2IwNDYzOTVjNGU3NTEwMTFlOTdmODkwMGI1MjczZDU2Njg1IiBOb3RPbk9yQWZ0ZXI9IjIwMjYtMDEtMTVUMTA6MDU6MDAuMDAwWiIgUmVjaXBpZW50PSJodHRwczovL2F1dGguaXdzLWh5YnJpZC50cmVuZG1pY3JvLmNvbS9zaW1wbGVzYW1sL21vZHVsZS5waHAvc2FtbC9zcC9zYW1sMi1hY3MucGhwL2ljcy1zcCIvPjwvU3ViamVjdENvbmZpcm1hdGlvbj48L1N1YmplY3Q+PENvbmRpdGlvbnMgTm90QmVmb3JlPSIyMDI2LTAxLTE1VDA5OjU1OjAwLjAwMFoiIE5vdE9uT3JBZnRlcj0iMjAyNi0wMS0xNVQxMTowMDowMC4wMDBaIj48QXVkaWVuY2VSZXN0cmljdGlvbj48QXVkaWVuY2U+aHR0cHM6Ly9hdXRoLml3cy1oeWJyaWQudHJlbmRtaWNyby5jb20vMDEyMzQ1Njc4OWFiY2RlZjwvQXVkaWVuY2U+PC9BdWRpZW5jZVJlc3RyaWN0aW9uPjwvQ29uZGl0aW9ucz48QXR0cmlidXRlU3RhdGVtZW50PjxBdHRyaWJ1dGUgTmFtZT0iaHR0cDovL3NjaGVtYXMubWljcm9zb2Z0LmNvbS9pZGVudGl0eS9jbGFpbXMvdGVuYW50aWQiPjxBdHRyaWJ1dGVWYWx1ZT4wMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA8L0F0dHJpYnV0ZVZhbHVlPjwvQXR0cmlidXRlPjxBdHRyaWJ1dGUgTmFtZT0iaHR0cDovL3NjaGVtYXMubWljcm9zb2Z0LmNvbS9pZGVudGl0eS9jbGFpbXMvb2JqZWN0aWRlbnRpZmllciI+PEF0dHJpYnV0ZVZhbHVlPjdhMWMyZTNmLTRiNWQtNGU2Zi04YTliLTBjMWQyZTNmNGE1YjwvQXR0cmlidXRlVmFsdWU+PC9BdHRyaWJ1dGU+PEF0dHJpYnV0ZSBOYW1lPSJodHRwOi8vc2NoZW1hcy5taWNyb3NvZnQuY29tL2lkZW50aXR5L2NsYWltcy9kaXNwbGF5bmFtZSI+PEF0dHJpYnV0ZVZhbHVlPkIuIFNpbW9uPC9BdHRyaWJ1dGVWYWx1ZT48L0F0dHJpYnV0ZT48QXR0cmlidXRlIE5hbWU9Imh0dHA6Ly9zY2hlbWFzLm1pY3Jvc29mdC5jb20vaWRlbnRpdHkvY2xhaW1zL2lkZW50aXR5cHJvdmlkZXIiPjxBdHRyaWJ1dGVWYWx1ZT5odHRwczovL3N0cy53aW5kb3dzLm5ldC8wMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAvPC9BdHRyaWJ1dGVWYWx1ZT48L0F0dHJpYnV0ZT48QXR0cmlidXRlIE5hbWU9Imh0dHA6Ly9zY2hlbWFzLm1pY3Jvc29mdC5jb20vaWRlbnRpdHkvY2xhaW1zL2F1dGhubWV0aG9kc3JlZmVyZW5jZXMiPjxBdHRyaWJ1dGVWYWx1ZT5odHRwOi8vc2NoZW1hcy5taWNyb3NvZnQuY29tL3dzLzIwMDgvMDYvaWRlbnRpdHkvYXV0aGVudGljYXRpb25tZXRob2QvcGFzc3dvcmQ8L0F0dHJpYnV0ZVZhbHVlPjwvQXR0cmlidXRlPjxBdHRyaWJ1dGUgTmFtZT0iaHR0cDovL3NjaGVtYXMueG1sc29hcC5vcmcvd3MvMjAwNS8wNS9pZGVudGl0eS9jbGFpbXMvbmFtZSI+PEF0dHJpYnV0ZVZhbHVlPkIuU2ltb25AY29udG9zby5jb208L0F0dHJpYnV0ZVZhbHVlPjwvQXR0cmlidXRlPjxBdHRyaWJ1dGUgTmFtZT0iaHR0cDovL3NjaGVtYXMueG1sc29hcC5vcmcvd3MvMjAwNS8wNS9pZGVudGl0eS9jbGFpbXMvZW1haWxhZGRyZXNzIj48QXR0cmlidXRlVmFsdWU+Qi5TaW1vbkBjb250b3NvLmNvbTwvQXR0cmlidXRlVmFsdWU+PC9BdHRyaWJ1dGU+PEF0dHJpYnV0ZSBOYW1lPSJodHRwOi8vc2NoZW1hcy54bWxzb2FwLm9yZy93cy8yMDA1LzA1L2lkZW50aXR5L2NsYWltcy9naXZlbm5hbWUiPjxBdHRyaWJ1dGVWYWx1ZT5CLjwvQXR0cmlidXRlVmFsdWU+PC9BdHRyaWJ1dGU+PEF0dHJpYnV0ZSBOYW1lPSJodHRwOi8vc2NoZW1hcy54bWxzb2FwLm9yZy93cy8yMDA1LzA1L2lkZW50aXR5L2NsYWltcy9zdXJuYW1lIj48QXR0cmlidXRlVmFsdWU+U2ltb248L0F0dHJpYnV0ZVZhbHVlPjwvQXR0cmlidXRlPjxBdHRyaWJ1dGUgTmFtZT0iaHR0cDovL3NjaGVtYXMubWljcm9zb2Z0LmNvbS93cy8yMDA4LzA2L2lkZW50aXR5L2NsYWltcy9ncm91cHMiPjxBdHRyaWJ1dGVWYWx1ZT4zZjZhMmIxYy04ZDRlLTRmNWEtOWI2Yy03ZDhlOWYwYTFiMmM8L0F0dHJpYnV0ZVZhbHVlPjxBdHRyaWJ1dGVWYWx1ZT5iNWM2ZDdlOC1mOWEwLTRiMWMtOGQyZS0zZjRhNWI2YzdkOGU8L0F0dHJpYnV0ZVZhbHVlPjwvQXR0cmlidXRlPjxBdHRyaWJ1dGUgTmFtZT0ic0FNQWNjb3VudE5hbWUiPjxBdHRyaWJ1dGVWYWx1ZT5ic2ltb248L0F0dHJpYnV0ZVZhbHVlPjwvQXR0cmlidXRlPjxBdHRyaWJ1dGUgTmFtZT0idXBuIj48QXR0cmlidXRlVmFsdWU+Qi5TaW1vbkBjb250b3NvLmNvbTwvQXR0cmlidXRlVmFsdWU+PC9BdHRyaWJ1dGU+PC9BdHRyaWJ1dGVTdGF0ZW1lbnQ+PEF1dGhuU3RhdGVtZW50IEF1dGhuSW5zdGFudD0iMjAyNi0wMS0xNVQwOTo1OTo1OC4wMDBaIiBTZXNzaW9uSW5kZXg9Il83MTExOTIwMS0zN2NkLTUzMjUtOGQ4NS03NzY2NWNjYmI1OTkiPjxBdXRobkNvbnRleHQ+PEF1dGhuQ29udGV4dENsYXNzUmVmPnVybjpvYXNpczpuYW1lczp0YzpTQU1MOjIuMDphYzpjbGFzc2VzOlBhc3N3b3JkPC9BdXRobkNvbnRleHRDbGFzc1JlZj48L0F1dGhuQ29udGV4dD48L0F1dGhuU3RhdGVtZW50PjwvQXNzZXJ0aW9uPjwvc2FtbHA6UmVzcG9uc2U+";
var tampered = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_c7b84379-7163-5db9-b356-8c8404d3420b" Version="2.0" IssueInstant="2026-01-15T10:00:00.000Z" Destination="https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp" InResponseTo="_4fee3b046395c4e751011e97f8900b5273d56685"><Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">https://sts.windows.net/00000000-0000-0000-0000-000000000000/</Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_71119201-37cd-5325-8d85-77665ccbb599" IssueInstant="2026-01-15T10:00:00.000Z" Version="2.0"><Issuer>https://sts.windows.net/00000000-0000-0000-0000-000000000000/</Issuer><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><Reference URI="#_71119201-37cd-5325-8d85-77665ccbb599"><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></Transforms><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue>ZQtPfDOMHODNF4Ri/uXZ1ZajdV5MB80yXH3L2pcZZzM=</DigestValue></Reference></SignedInfo><SignatureValue>PR1H4rRJjNlSjOXFmgK4sItXtAH3xreQZ8PNXAYcA5plmpt0vgfj4T3HsZbzlvdJyTVsgRn1xy/6xcNPraalaSYB62xO2PWXA7QoMhPy24mfAfIVBMaIF9VmoxV5m73/bCVlTKZhY3JBOlGGwn+7jzxtnW5hK7xFp/xcLSryDzZrQixmBHDC91i7kT4UXkxz/g2EJXndTIZUtHA3nt+9n5IaHAgKE3efZNDBjaqw5xZcQ20DBXPJeiEfmxKREnH/oe93yO8iudvB3yDOtWUTomulxXjADFBIe36PdybmlcvrTG+qcMoTcmxG/QBstDVjrwJoEUYrbCfFcqzt7iI0lQ==</SignatureValue><KeyInfo><X509Data><X509Certificate>MIIC9TCCAd2gAwIBAgICEAEwDQYJKoZIhvcNAQELBQAwHTEbMBkGA1UEAwwSc2FtbC1lZGdlIHRlc3QgSWRQMB4XDTI1MDEwMTAwMDAwMFoXDTM1MDEwMTAwMDAwMFowHTEbMBkGA1UEAwwSc2FtbC1lZGdlIHRlc3QgSWRQMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1ENhbNIkoBQ5oGM5e53t/vioeO9SQy+E6PPOWNnunUowEEJBKyun3fUE+sB6ureKDYQ7BwpAMTIg86Mskq0NaN0SB/1A541iHeb6zwOjaIDgfS9i+Xpll04qCtJ5uslaUJ55qIQ87tktBRw7qBggCGxUAX+gFZvnxA41V+fKvKp6QeGlp/BPG4ClWXjIftSmEN5PuRbYCMe9jSqVhzzt/oJarYosj8EirQA1rhlEMuEOu0D2OTO4ktmc3Q6Kepc6pdgMz6G1UPHKWJxW0ob9E55b9rXR5zsxEwK8PR2V10pVjc9rX1+std/VeUjgLt4LYVroZXAp0qQqiQHvBngD9wIDAQABoz8wPTAMBgNVHRMBAf8EAjAAMA4GA1UdDwEB/wQEAwIHgDAdBgNVHQ4EFgQUXXO1IMjt3hi86eY0MSfrd5O95LIwDQYJKoZIhvcNAQELBQADggEBALysK/ghMiaPlJevKR2B66YaPk84mb+pYWdx4QnuYblLY7FrFf/tg3xZFQzg0NDZNk8fTczJTkQZoiOFX63vAKM9Zo47v7OuianwGQlszuGNx+DpXlOAS97AMeTAAYRPXGJBA3r3mQf1WVSuxlk0+DdhPv7mwNMIIEoX3ByGs9iC7jQvwVFa6DAK7Cy/toZIEn3BPXUUAGpYvI5soCvVG0Va3uzeNr31waJ3f+j+31uUeD1ZxvqWkbGsDx6M+z9LbnrzM0UQr5LLxOlzywmLwgpWfGgGYoWe2fgBJRhSZpd5H6K7LNhqO2EWLE96am+SAeMIUkTjOyhuy2ECJEUehlQ=</X509Certificate></X509Data></KeyInfo></Signature><Subject><NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">admin@contoso.com</NameID><SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><SubjectConfirmationData InResponseTo="_4fee3b046395c4e751011e97f8900b5273d56685" NotOnOrAfter="2026-01-15T10:05:00.000Z" Recipient="https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp"/></SubjectConfirmation></Subject><Conditions NotBefore="2026-01-15T09:55:00.000Z" NotOnOrAfter="2026-01-15T11:00:00.000Z"><AudienceRestriction><Audience>https://auth.iws-hybrid.trendmicro.com/0123456789abcdef</Audience></AudienceRestriction></Conditions><AttributeStatement><Attribute Name="http://schemas.microsoft.com/identity/claims/tenantid"><AttributeValue>00000000-0000-0000-0000-000000000000</AttributeValue></Attribute><Attribute Name="http://schemas.microsoft.com/identity/claims/objectidentifier"><AttributeValue>7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b</AttributeValue></Attribute><Attribute Name="http://schemas.microsoft.com/identity/claims/displayname"><AttributeValue>B. Simon</AttributeValue></Attribute><Attribute Name="http://schemas.microsoft.com/identity/claims/identityprovider"><AttributeValue>https://sts.windows.net/00000000-0000-0000-0000-000000000000/</AttributeValue></Attribute><Attribute Name="http://schemas.microsoft.com/identity/claims/authnmethodsreferences"><AttributeValue>http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password</AttributeValue></Attribute><Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"><AttributeValue>B.Simon@contoso.com</AttributeValue></Attribute><Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"><AttributeValue>B.Simon@contoso.com</AttributeValue></Attribute><Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"><AttributeValue>B.</AttributeValue></Attribute><Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname"><AttributeValue>Simon</AttributeValue></Attribute><Attribute Name="http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"><AttributeValue>3f6a2b1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c</AttributeValue><AttributeValue>b5c6d7e8-f9a0-4b1c-8d2e-3f4a5b6c7d8e</AttributeValue></Attribute><Attribute Name="sAMAccountName"><AttributeValue>admin</AttributeValue></Attribute><Attribute Name="upn"><AttributeValue>B.Simon@contoso.com</AttributeValue></Attribute></AttributeStatement><AuthnStatement AuthnInstant="2026-01-15T09:59:58.000Z" SessionIndex="_71119201-37cd-5325-8d85-77665ccbb599"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef></AuthnContext></AuthnStatement></Assertion></samlp:Response>';

// app/verify.js
async function verifyBoth() {
  try {
    const sp = await ServiceProvider.create({
      entityId: settings.entityId,
      acsUrl: settings.acsUrl,
      idp: { entityId: settings.idpEntityId, certificates: [certificate] }
    });
    const call = { inResponseTo: settings.inResponseTo, currentDate: new Date(settings.now) };
    const identity = await sp.verifyResponse(valid, call);
    let refused = null;
    try {
      await sp.verifyResponse(tampered, call);
    } catch (e) {
      if (!(e instanceof SamlError)) throw e;
      refused = e.code;
    }
    return { loginName: identity.loginName, refused, crypto: sp.crypto };
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
}
__name(verifyBoth, "verifyBoth");

// app/worker.js
var worker_default = {
  async fetch() {
    return new Response(JSON.stringify(await verifyBoth()), { headers: { "content-type": "application/json" } });
  }
};

// node_modules/wrangler/templates/middleware/middleware-ensure-req-body-drained.ts
var drainBody = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } finally {
    try {
      if (request.body !== null && !request.bodyUsed) {
        const reader = request.body.getReader();
        while (!(await reader.read()).done) {
        }
      }
    } catch (e) {
      console.error("Failed to drain the unused request body.", e);
    }
  }
}, "drainBody");
var middleware_ensure_req_body_drained_default = drainBody;

// node_modules/wrangler/templates/middleware/middleware-miniflare3-json-error.ts
function reduceError(e) {
  return {
    name: e?.name,
    message: e?.message ?? String(e),
    stack: e?.stack,
    cause: e?.cause === void 0 ? void 0 : reduceError(e.cause)
  };
}
__name(reduceError, "reduceError");
var jsonError = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } catch (e) {
    const error = reduceError(e);
    return Response.json(error, {
      status: 500,
      headers: { "MF-Experimental-Error-Stack": "true" }
    });
  }
}, "jsonError");
var middleware_miniflare3_json_error_default = jsonError;

// .wrangler/tmp/bundle-bdgt80/middleware-insertion-facade.js
var __INTERNAL_WRANGLER_MIDDLEWARE__ = [
  middleware_ensure_req_body_drained_default,
  middleware_miniflare3_json_error_default
];
var middleware_insertion_facade_default = worker_default;

// node_modules/wrangler/templates/middleware/common.ts
var __facade_middleware__ = [];
function __facade_register__(...args) {
  __facade_middleware__.push(...args.flat());
}
__name(__facade_register__, "__facade_register__");
function __facade_invokeChain__(request, env, ctx, dispatch, middlewareChain) {
  const [head, ...tail] = middlewareChain;
  const middlewareCtx = {
    dispatch,
    next(newRequest, newEnv) {
      return __facade_invokeChain__(newRequest, newEnv, ctx, dispatch, tail);
    }
  };
  return head(request, env, ctx, middlewareCtx);
}
__name(__facade_invokeChain__, "__facade_invokeChain__");
function __facade_invoke__(request, env, ctx, dispatch, finalMiddleware) {
  return __facade_invokeChain__(request, env, ctx, dispatch, [
    ...__facade_middleware__,
    finalMiddleware
  ]);
}
__name(__facade_invoke__, "__facade_invoke__");

// .wrangler/tmp/bundle-bdgt80/middleware-loader.entry.ts
var __Facade_ScheduledController__ = class ___Facade_ScheduledController__ {
  constructor(scheduledTime, cron, noRetry) {
    this.scheduledTime = scheduledTime;
    this.cron = cron;
    this.#noRetry = noRetry;
  }
  static {
    __name(this, "__Facade_ScheduledController__");
  }
  #noRetry;
  noRetry() {
    if (!(this instanceof ___Facade_ScheduledController__)) {
      throw new TypeError("Illegal invocation");
    }
    this.#noRetry();
  }
};
function wrapExportedHandler(worker) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return worker;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  const fetchDispatcher = /* @__PURE__ */ __name(function(request, env, ctx) {
    if (worker.fetch === void 0) {
      throw new Error("Handler does not export a fetch() function.");
    }
    return worker.fetch(request, env, ctx);
  }, "fetchDispatcher");
  return {
    ...worker,
    fetch(request, env, ctx) {
      const dispatcher = /* @__PURE__ */ __name(function(type, init2) {
        if (type === "scheduled" && worker.scheduled !== void 0) {
          const controller = new __Facade_ScheduledController__(
            Date.now(),
            init2.cron ?? "",
            () => {
            }
          );
          return worker.scheduled(controller, env, ctx);
        }
      }, "dispatcher");
      return __facade_invoke__(request, env, ctx, dispatcher, fetchDispatcher);
    }
  };
}
__name(wrapExportedHandler, "wrapExportedHandler");
function wrapWorkerEntrypoint(klass) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return klass;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  return class extends klass {
    #fetchDispatcher = /* @__PURE__ */ __name((request, env, ctx) => {
      this.env = env;
      this.ctx = ctx;
      if (super.fetch === void 0) {
        throw new Error("Entrypoint class does not define a fetch() function.");
      }
      return super.fetch(request);
    }, "#fetchDispatcher");
    #dispatcher = /* @__PURE__ */ __name((type, init2) => {
      if (type === "scheduled" && super.scheduled !== void 0) {
        const controller = new __Facade_ScheduledController__(
          Date.now(),
          init2.cron ?? "",
          () => {
          }
        );
        return super.scheduled(controller);
      }
    }, "#dispatcher");
    fetch(request) {
      return __facade_invoke__(
        request,
        this.env,
        this.ctx,
        this.#dispatcher,
        this.#fetchDispatcher
      );
    }
  };
}
__name(wrapWorkerEntrypoint, "wrapWorkerEntrypoint");
var WRAPPED_ENTRY;
if (typeof middleware_insertion_facade_default === "object") {
  WRAPPED_ENTRY = wrapExportedHandler(middleware_insertion_facade_default);
} else if (typeof middleware_insertion_facade_default === "function") {
  WRAPPED_ENTRY = wrapWorkerEntrypoint(middleware_insertion_facade_default);
}
var middleware_loader_entry_default = WRAPPED_ENTRY;
export {
  __INTERNAL_WRANGLER_MIDDLEWARE__,
  middleware_loader_entry_default as default
};
//# sourceMappingURL=worker.js.map
