#!/usr/bin/env node
// Interoperability checks: tools nobody on this project wrote, run against a real
// `cadenio-console serve` on loopback.
//
//   node interop/run.mjs lint     --console PATH   Redocly lints the served document
//   node interop/run.mjs session  --console PATH   a generated TypeScript client covers every
//                                                  operation through a Prism proxy (--errors);
//                                                  webhook deliveries verify with Octokit
//   node interop/run.mjs examples --console PATH   the curl examples of the published
//                                                  reference, verbatim, through the proxy
//
// Exit status 0 when every check passes; otherwise the first failure is printed.

import { spawn, execFile } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = (name) => path.join(here, "node_modules", ".bin", name);
const run = promisify(execFile);

const OWNER = { email: "owner@interop.test", password: "interop owner password 1" };

class Instance {
  constructor(consolePath) {
    this.consolePath = consolePath;
    this.children = [];
  }

  // A fresh store with an ENTERPRISE organization, then `serve` on a free port.
  async start() {
    this.dir = await fs.mkdtemp(path.join(os.tmpdir(), "cadenio-interop-"));
    // init and serve are two processes: the master secret must outlive the first.
    this.env = { ...process.env, CADENIO_SECRET_STORE: "file", CADENIO_OWNER_PASSWORD: OWNER.password };
    await run(this.consolePath, ["init", "--data-dir", this.dir, "--org", "Interop Inc.",
                                 "--owner-email", OWNER.email, "--owner-name", "Ivy Owner"],
              { env: this.env });
    const serve = this.spawn(this.consolePath, ["serve", "--data-dir", this.dir, "--listen",
                                                "127.0.0.1:0", "--allow-http-webhooks"]);
    const line = await waitForLine(serve, /^Listening on (http:\/\/\S+)/, 20000);
    this.serverUrl = line[1];
    return this;
  }

  spawn(command, args) {
    const child = spawn(command, args, { env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    child.output = "";
    const keep = (chunk) => { child.output = (child.output + chunk).slice(-20000); };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    this.children.push(child);
    return child;
  }

  // Prism in proxy mode with --errors: any request or response that does not match the
  // document becomes an error response instead of passing through.
  async startProxy(documentPath) {
    const port = await freePort();
    const prism = this.spawn(bin("prism"), ["proxy", documentPath, this.serverUrl, "--errors",
                                            "--host", "127.0.0.1", "--port", String(port)]);
    await waitForLine(prism, /Prism is listening/, 60000);
    this.proxyUrl = `http://127.0.0.1:${port}`;
    this.proxy = prism;
    return this.proxyUrl;
  }

  async servedDocument() {
    const response = await fetch(`${this.serverUrl}/v1/openapi.json`);
    if (response.status !== 200) throw new Error(`GET /v1/openapi.json: ${response.status}`);
    const file = path.join(this.dir, "openapi.json");
    await fs.writeFile(file, Buffer.from(await response.arrayBuffer()));
    return file;
  }

  async stop() {
    for (const child of this.children.reverse()) {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await Promise.race([once(child, "exit"), sleep(5000)]);
      }
    }
    if (this.dir) await fs.rm(this.dir, { recursive: true, force: true });
  }
}

function waitForLine(child, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${pattern}:\n${child.output}`)), timeoutMs);
    const onData = (chunk) => {
      buffer += chunk;
      for (const line of buffer.split("\n")) {
        const match = line.match(pattern);
        if (match) return done(null, match);
      }
    };
    const onExit = (code) => done(new Error(`exited with ${code} before ${pattern}:\n${child.output}`));
    function done(error, match) {
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.stderr.off("data", onData);
      child.off("exit", onExit);
      error ? reject(error) : resolve(match);
    }
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", onExit);
  });
}

async function freePort() {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A webhook endpoint that keeps every delivery with its raw body, as a receiver must to
// verify signatures over the exact bytes.
async function startReceiver() {
  const deliveries = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (c) => chunks.push(c));
    request.on("end", () => {
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(204).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${server.address().port}/hooks/cadenio`, deliveries, server };
}

function documentOperations(document) {
  const methods = ["get", "put", "post", "patch", "delete"];
  return Object.entries(document.paths).flatMap(([p, item]) =>
    methods.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`)).sort();
}

async function lint(instance) {
  const file = await instance.servedDocument();
  const { stdout, stderr } = await run(bin("redocly"), ["lint", file, "--format=stylish"],
                                       { env: { ...process.env, REDOCLY_TELEMETRY: "off",
                                                REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } })
    .catch((e) => { throw new Error(`redocly lint failed:\n${e.stdout}\n${e.stderr}`); });
  // A non-zero exit (any error) has thrown above; warnings fail too.
  const report = `${stdout}\n${stderr}`;
  const warnings = report.match(/You have (\d+) warnings?/);
  console.log(`redocly lint: valid, ${warnings ? warnings[1] : 0} warnings`);
  if (warnings) throw new Error(`the document has warnings:\n${report}`);
}

async function session(instance) {
  const file = await instance.servedDocument();
  const document = JSON.parse(await fs.readFile(file, "utf8"));
  // Types for the client, generated from what the server serves, then a strict compile.
  const generated = path.join(here, "src", "schema.d.ts");
  // Defaults in request bodies stay optional, as the document means them.
  await run(bin("openapi-typescript"), [file, "-o", generated, "--default-non-nullable", "false"]);
  await run(bin("tsc"), ["-p", path.join(here, "tsconfig.json")])
    .catch((e) => { throw new Error(`tsc failed:\n${e.stdout}${e.stderr}`); });

  const receiver = await startReceiver();
  try {
    const proxyUrl = await instance.startProxy(file);
    const { runSession } = await import(path.join(here, ".build", "session.js"));
    const result = await runSession({ baseUrl: proxyUrl, ...OWNER, receiverUrl: receiver.url });

    const missing = documentOperations(document).filter((op) => !result.operations.includes(op));
    if (missing.length) throw new Error(`operations never exercised: ${missing.join(", ")}`);
    console.log(`session: ${result.operations.length} operations through the proxy, all as documented`);

    // Deliveries: each signature verifies with Octokit's implementation of the scheme.
    const { verify } = await import("@octokit/webhooks-methods");
    const expected = [...result.eventsExpected];
    for (let i = 0; i < 150 && receiver.deliveries.length < expected.length + 1; ++i) await sleep(200);
    for (const d of receiver.deliveries) {
      const signature = d.headers["x-cadenio-signature"];
      if (!(await verify(result.webhookSecret, d.body, signature)))
        throw new Error(`signature does not verify: ${signature} over ${d.body}`);
      if (await verify(result.webhookSecret, d.body + " ", signature))
        throw new Error("a changed body still verifies");
      const body = JSON.parse(d.body);
      if (body.event !== d.headers["x-cadenio-event"]) throw new Error(`event header ${d.headers["x-cadenio-event"]} for ${body.event}`);
      const at = expected.indexOf(body.event);
      if (at >= 0) expected.splice(at, 1);
    }
    if (expected.length) throw new Error(`events never delivered: ${expected.join(", ")}`);
    console.log(`webhooks: ${receiver.deliveries.length} deliveries, every signature verified by @octokit/webhooks-methods`);
  } finally {
    receiver.server.close();
  }
}

// The reference's examples, verbatim but for the host, the key and the example IDs.
async function examples(instance) {
  const file = await instance.servedDocument();
  const proxyUrl = await instance.startProxy(file);
  const api = async (method, p, token, body) => {
    const response = await fetch(`${instance.serverUrl}${p}`, {
      method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body && JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${method} ${p}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const signIn = await (await fetch(`${instance.serverUrl}/v1/sessions`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(OWNER),
  })).json();
  const key = await api("POST", "/v1/api-keys", signIn.token, {
    name: "Examples", scopes: ["runs:read", "runs:write", "runs:execute", "webhooks:manage"] });
  const template = await api("POST", "/v1/templates", signIn.token, {
    name: "Vendor Onboarding", tasks: [{ name: "Legal review", field: { type: "text" } },
                                        { name: "Bank details", field: { type: "text" } }] });
  await api("POST", `/v1/templates/${template.id}/publish`, signIn.token);
  const launched = await api("POST", "/v1/runs", signIn.token, { template_id: template.id });
  const tasks = (await api("GET", `/v1/runs/${launched.id}`, signIn.token)).tasks;
  const substitutions = [
    ["https://api.cadenio.com", proxyUrl],
    ["sk_live_a1b2c3...", key.plain_key],
    ["sk_live_...", key.plain_key],
    ["<session-token>", signIn.token],
    ["tmpl_def456", template.id],
    ["usr_ghi789", signIn.user_id],
    ["run_abc123", launched.id],
    ["task_jkl012", tasks[0].id],
  ];

  const text = await fs.readFile(path.join(here, "reference-examples.txt"), "utf8");
  const blocks = text.split(/^# expect /m).slice(1);
  if (blocks.length === 0) throw new Error("no examples found");
  for (const block of blocks) {
    const status = Number(block.slice(0, 3));
    let command = block.slice(block.indexOf("\n") + 1).trim();
    for (const [from, to] of substitutions) command = command.split(from).join(to);
    const body = path.join(instance.dir, "example-response");
    const { stdout } = await run("bash", ["-c", `${command} -sS -o '${body}' -w '%{http_code}'`]);
    const title = command.split("\n")[0];
    if (Number(stdout) !== status)
      throw new Error(`${command}\n→ ${stdout}, documented ${status}: ${await fs.readFile(body, "utf8")}`);
    console.log(`${stdout}  ${title}`);
  }
  console.log(`examples: ${blocks.length} reference examples answered as documented`);
}

const steps = { lint, session, examples };
const [step, flag, consolePath] = process.argv.slice(2);
if (!steps[step] || flag !== "--console" || !consolePath) {
  console.error("usage: run.mjs lint|session|examples --console PATH");
  process.exit(2);
}
const instance = new Instance(consolePath);
try {
  await instance.start();
  await steps[step](instance);
  await instance.stop();
} catch (error) {
  console.error(`interop ${step}: ${error.message}`);
  for (const child of instance.children) console.error(`--- ${child.spawnargs.slice(0, 2).join(" ")}\n${child.output.slice(-4000)}`);
  await instance.stop();
  process.exit(1);
}
