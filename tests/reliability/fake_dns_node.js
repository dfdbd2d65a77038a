// Scripted DNS for Playwright's node driver (see fake_dns.py): loaded with NODE_OPTIONS=--require.
// A scripted name gets the script's LAST answer (the rebound one); every such lookup is logged
// to FAKE_DNS_LOG as "host answer driver". Other names resolve as usual.
"use strict";
const dns = require("dns");
const fs = require("fs");

function answer(host) {
  let script;
  try { script = JSON.parse(process.env.FAKE_DNS || "{}"); } catch (e) { return null; }
  const answers = script[String(host).toLowerCase().replace(/\.$/, "")];
  if (!answers || !answers.length) return null;
  const ips = answers[answers.length - 1];
  if (process.env.FAKE_DNS_LOG) fs.appendFileSync(process.env.FAKE_DNS_LOG, `${host} ${ips.join(",")} driver\n`);
  return ips.map((ip) => ({ address: ip, family: ip.includes(":") ? 6 : 4 }));
}

function pick(list, options) {
  const family = options && options.family;
  const wanted = family === 4 || family === 6 ? list.filter((a) => a.family === family) : list;
  return wanted;
}

const realLookup = dns.lookup;
dns.lookup = function lookup(host, options, callback) {
  if (typeof options === "function") { callback = options; options = {}; }
  if (typeof options === "number") options = { family: options };
  const list = answer(host);
  if (!list) return realLookup.call(dns, host, options, callback);
  const wanted = pick(list, options);
  process.nextTick(() => {
    if (!wanted.length) callback(Object.assign(new Error(`queryA ENODATA ${host}`), { code: "ENODATA" }));
    else if (options && options.all) callback(null, wanted);
    else callback(null, wanted[0].address, wanted[0].family);
  });
  return {};
};

const realPromiseLookup = dns.promises.lookup;
dns.promises.lookup = async function lookup(host, options) {
  if (typeof options === "number") options = { family: options };
  const list = answer(host);
  if (!list) return realPromiseLookup.call(dns.promises, host, options);
  const wanted = pick(list, options || {});
  if (!wanted.length) throw Object.assign(new Error(`queryA ENODATA ${host}`), { code: "ENODATA" });
  return options && options.all ? wanted : wanted[0];
};
