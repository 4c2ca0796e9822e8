"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/private/waiter/handler.ts
var handler_exports = {};
__export(handler_exports, {
  errorCode: () => errorCode,
  isComplete: () => isComplete,
  isCompleteWith: () => isCompleteWith,
  onEvent: () => onEvent,
  onEventWith: () => onEventWith,
  valueAt: () => valueAt
});
module.exports = __toCommonJS(handler_exports);
function valueAt(value, path) {
  let current = value;
  for (const part of path.split(".")) {
    if (current === null || current === void 0) return void 0;
    current = current[part];
  }
  return current;
}
function errorCode(error) {
  const e = error;
  for (const candidate of [e?.Code, e?.code, e?.name]) {
    if (typeof candidate === "string" && candidate !== "" && candidate !== "Error") return candidate;
  }
  return void 0;
}
function parseSpec(event) {
  return JSON.parse(event.ResourceProperties.Spec);
}
async function call(api, c, log) {
  let response;
  try {
    response = await api(c.service, c.action, c.parameters ?? {});
  } catch (error) {
    const code = errorCode(error);
    if (code !== void 0 && (c.ignoreErrorCodes ?? []).includes(code)) {
      log(`${c.service}.${c.action}: ${code} ignored`);
      return;
    }
    throw new Error(`${c.service}.${c.action} failed: ${code ?? "error"}: ${error?.message ?? error}`);
  }
  const refused = c.failWhenPresent ? valueAt(response, c.failWhenPresent) : void 0;
  if (refused !== void 0 && refused !== null && !(Array.isArray(refused) && refused.length === 0)) {
    const entry = refused;
    const code = String(entry.Code ?? entry.Error?.Code ?? "refused");
    const message = String(entry.Message ?? entry.Error?.Message ?? JSON.stringify(refused));
    if ((c.ignoreErrorCodes ?? []).includes(code)) {
      log(`${c.service}.${c.action}: ${code} in ${c.failWhenPresent} ignored`);
      return;
    }
    throw new Error(`${c.service}.${c.action} refused it (${c.failWhenPresent}): ${code}: ${message}`);
  }
  log(`${c.service}.${c.action}: done`);
}
async function readState(api, w) {
  try {
    const response = await api(w.service, w.action, w.parameters ?? {});
    const state = valueAt(response, w.path);
    const reason = w.reasonPath ? valueAt(response, w.reasonPath) : void 0;
    return {
      state: state === void 0 || state === null ? void 0 : String(state),
      reason: reason === void 0 || reason === null ? void 0 : String(reason),
      response
    };
  } catch (error) {
    return { error: `${errorCode(error) ?? "error"}: ${error?.message ?? error}` };
  }
}
function describeState(s) {
  if (s.error !== void 0) return `the describe call failed (${s.error})`;
  if (s.state === void 0) return "no state (nothing found at the path)";
  return `'${s.state}'${s.reason ? ` (${s.reason})` : ""}`;
}
async function onEventWith(api, event, now = Date.now, log = console.log) {
  const spec = parseSpec(event);
  const deadline = now() + spec.timeoutSeconds * 1e3;
  if (event.RequestType === "Delete") {
    if (spec.delete) await call(api, spec.delete, log);
    return { PhysicalResourceId: event.PhysicalResourceId ?? spec.physicalResourceId, Data: { Deadline: deadline } };
  }
  const lifecycleCall = event.RequestType === "Create" ? spec.create : spec.update ?? spec.create;
  if (lifecycleCall && !spec.callAfterWait) {
    const current = await readState(api, spec.waitFor);
    if (current.state !== void 0 && spec.waitFor.success.includes(current.state)) {
      log(`${spec.waitFor.path} is already '${current.state}': ${lifecycleCall.action} not needed`);
    } else {
      await call(api, lifecycleCall, log);
    }
  }
  return { PhysicalResourceId: spec.physicalResourceId, Data: { Deadline: deadline } };
}
async function isCompleteWith(api, event, now = Date.now, log = console.log) {
  if (event.RequestType === "Delete") {
    return { IsComplete: true };
  }
  const spec = parseSpec(event);
  const w = spec.waitFor;
  const current = await readState(api, w);
  const wanted = `${w.path} to be ${w.success.map((s) => `'${s}'`).join(" or ")}`;
  if (current.state !== void 0 && w.success.includes(current.state)) {
    if (spec.callAfterWait) {
      const lifecycleCall = event.RequestType === "Create" ? spec.create : spec.update ?? spec.create;
      if (lifecycleCall) await call(api, lifecycleCall, log);
    }
    log(`${w.path} is '${current.state}'`);
    const data = { State: current.state };
    for (const path of w.outputPaths ?? []) {
      const value = valueAt(current.response, path);
      if (value === void 0 || value === null) {
        throw new Error(`${w.service}.${w.action}: ${wanted} holds, but the reply has nothing at ${path}`);
      }
      data[path] = String(value);
    }
    return { IsComplete: true, Data: data };
  }
  if (current.state !== void 0 && (w.failure ?? []).includes(current.state)) {
    throw new Error(`${w.service}.${w.action}: waited for ${wanted}, but it is ${describeState(current)}`);
  }
  if (!spec.callAfterWait && current.state !== void 0 && (w.repeatCallWhile ?? []).includes(current.state)) {
    const lifecycleCall = event.RequestType === "Create" ? spec.create : spec.update ?? spec.create;
    if (lifecycleCall) await call(api, lifecycleCall, log);
  }
  const deadline = event.Data?.Deadline;
  if (deadline !== void 0 && now() > deadline) {
    throw new Error(
      `${w.service}.${w.action}: timed out after ${spec.timeoutSeconds} s waiting for ${wanted}; last state: ${describeState(current)}`
    );
  }
  log(`waiting for ${wanted}; now ${describeState(current)}`);
  return { IsComplete: false };
}
function sdkApi() {
  const clients = /* @__PURE__ */ new Map();
  return async (service, action, parameters) => {
    const sdk = require(`@aws-sdk/client-${service.toLowerCase()}`);
    let client = clients.get(service);
    if (!client) {
      const Client = sdk[`${service}Client`];
      if (typeof Client !== "function") {
        throw new Error(`@aws-sdk/client-${service.toLowerCase()} has no ${service}Client`);
      }
      client = new Client({});
      clients.set(service, client);
    }
    const name = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command`;
    const Command = sdk[name];
    if (typeof Command !== "function") throw new Error(`@aws-sdk/client-${service.toLowerCase()} has no ${name}`);
    return client.send(new Command(parameters));
  };
}
async function onEvent(event) {
  return onEventWith(sdkApi(), event);
}
async function isComplete(event) {
  return isCompleteWith(sdkApi(), event);
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  errorCode,
  isComplete,
  isCompleteWith,
  onEvent,
  onEventWith,
  valueAt
});
