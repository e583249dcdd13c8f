// A scripted integration written the way a customer would write one: a client generated from
// the served OpenAPI document (openapi-typescript + openapi-fetch), one call per operation of
// the document, each expecting the status the document promises. It runs through a Prism
// proxy in --errors mode, so any request or response that strays from the document fails.
//
// Compiled with `tsc --strict` against types generated at test time: an operation renamed,
// a field dropped or retyped in the document breaks the build before anything runs.

import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema.js";
import { launchAndComplete } from "./example.js";

export interface SessionOptions {
  baseUrl: string; // the proxy in front of the server
  email: string;
  password: string;
  receiverUrl: string; // where webhook deliveries go (plain HTTP, test instance only)
}

export interface SessionResult {
  operations: string[]; // "METHOD /path/{template}" of every call made
  webhookSecret: string;
  eventsExpected: string[]; // event names the session caused, in order
  runIds: string[];
}

class Failure extends Error {}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Failure(`${what}: no body`);
  return value;
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Failure(message);
}

export async function runSession(options: SessionOptions): Promise<SessionResult> {
  const operations = new Set<string>();
  // Every exchange is recorded by its document path, and any violation Prism reports only
  // as a warning header still fails the session.
  const recorder: Middleware = {
    onRequest({ request, schemaPath }) {
      operations.add(`${request.method} ${schemaPath}`);
      return undefined;
    },
    onResponse({ request, response }) {
      const violations = response.headers.get("sl-violations");
      if (violations)
        throw new Failure(`${request.method} ${request.url}: the document disagrees: ${violations}`);
      return undefined;
    },
  };

  const anonymous = createClient<paths>({ baseUrl: options.baseUrl });
  anonymous.use(recorder);

  // --- meta ---------------------------------------------------------------------------
  {
    const { data, response } = await anonymous.GET("/v1/health");
    check(response.status === 200 && data?.status === "ok", `health: ${response.status}`);
    const doc = await anonymous.GET("/v1/openapi.json");
    check(doc.response.status === 200, `openapi.json: ${doc.response.status}`);
  }

  // --- sessions -----------------------------------------------------------------------
  const signIn = await anonymous.POST("/v1/sessions", {
    body: { email: options.email, password: options.password },
  });
  check(signIn.response.status === 201 && signIn.data, `sign in: ${signIn.response.status}`);
  const wrong = await anonymous.POST("/v1/sessions", {
    body: { email: options.email, password: "not the password at all" },
  });
  check(wrong.response.status === 401 && wrong.error?.code === "UNAUTHORIZED",
        `wrong password: ${wrong.response.status}`);

  const admin = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { Authorization: `Bearer ${signIn.data.token}` },
  });
  admin.use(recorder);

  // --- organization and members --------------------------------------------------------
  const org = await admin.GET("/v1/org");
  check(org.response.status === 200 && org.data?.plan === "ENTERPRISE", `org: ${org.response.status}`);
  const renamed = await admin.PATCH("/v1/org", { body: { name: `${org.data.name} (interop)` } });
  check(renamed.response.status === 200 && renamed.data?.name.endsWith("(interop)"),
        `rename org: ${renamed.response.status}`);
  const member = await admin.POST("/v1/users", {
    body: {
      email: "mia.member@example.com",
      name: "Mia Member",
      role: "MEMBER",
      password: "a long enough member password",
    },
  });
  check(member.response.status === 201 && member.data, `add member: ${member.response.status}`);
  const duplicate = await admin.POST("/v1/users", {
    body: {
      email: "mia.member@example.com",
      name: "Mia Again",
      role: "MEMBER",
      password: "a long enough member password",
    },
  });
  check(duplicate.response.status === 409, `duplicate member: ${duplicate.response.status}`);

  // --- data sources ---------------------------------------------------------------------
  const vendors = await admin.POST("/v1/data-sources", {
    body: {
      name: "Vendors",
      fields: [
        { key: "name", type: "text" },
        { key: "country", type: "text" },
        { key: "risk_score", type: "number" },
      ],
    },
  });
  check(vendors.response.status === 201 && vendors.data, `data source: ${vendors.response.status}`);
  const acme = await admin.POST("/v1/data-sources/{id}/records", {
    params: { path: { id: vendors.data.id } },
    body: { values: { name: "ACME Corp", country: "DE", risk_score: 3 } },
  });
  check(acme.response.status === 201 && acme.data, `record: ${acme.response.status}`);
  const badRecord = await admin.POST("/v1/data-sources/{id}/records", {
    params: { path: { id: vendors.data.id } },
    body: { values: { risk_score: "high" } },
  });
  check(badRecord.response.status === 422 && badRecord.error?.code === "UNPROCESSABLE",
        `mistyped record: ${badRecord.response.status}`);

  // --- API keys -------------------------------------------------------------------------
  const created = await admin.POST("/v1/api-keys", {
    body: {
      name: "Interop integration",
      scopes: [
        "runs:read", "runs:write", "runs:execute", "templates:read", "templates:write",
        "templates:publish", "users:read", "webhooks:manage", "files:read", "files:write",
        "data-sources:read", "data-sources:write",
      ],
      resource_mode: "ALL",
    },
  });
  check(created.response.status === 201 && created.data?.plain_key.startsWith("sk_live_"),
        `create key: ${created.response.status}`);
  const key = need(created.data, "create key");
  const keys = await admin.GET("/v1/api-keys");
  check(keys.response.status === 200 && keys.data?.data.some((k) => k.id === key.id),
        `list keys: ${keys.response.status}`);

  const api = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { Authorization: `Bearer ${key.plain_key}` },
  });
  api.use(recorder);

  const users = await api.GET("/v1/users", { params: { query: { limit: 100 } } });
  check(users.response.status === 200 && (users.data?.data.length ?? 0) >= 2,
        `list users: ${users.response.status}`);
  const ownerId = signIn.data.user_id;

  const sources = await api.GET("/v1/data-sources");
  check(sources.response.status === 200 && sources.data?.data[0]?.record_count === 1,
        `list data sources: ${sources.response.status}`);
  const found = await api.GET("/v1/data-sources/{id}/records", {
    params: { path: { id: vendors.data.id }, query: { q: "acme" } },
  });
  check(found.response.status === 200 && found.data?.data.length === 1,
        `search records: ${found.response.status}`);
  const patched = await api.PATCH("/v1/data-sources/{id}/records/{rid}", {
    params: { path: { id: vendors.data.id, rid: acme.data.id } },
    body: { values: { risk_score: 2 } },
  });
  check(patched.response.status === 200 && patched.data?.values.risk_score === 2 &&
          patched.data.values.name === "ACME Corp",
        `merge record: ${patched.response.status}`);

  // --- webhooks -------------------------------------------------------------------------
  const webhook = await api.POST("/v1/webhooks", {
    body: { url: options.receiverUrl, events: ["*"], description: "Interop receiver" },
  });
  check(webhook.response.status === 201 && webhook.data?.secret.startsWith("whsec_"),
        `create webhook: ${webhook.response.status}`);
  const hook = need(webhook.data, "create webhook");
  const webhooks = await api.GET("/v1/webhooks");
  check(webhooks.response.status === 200 && webhooks.data?.data.length === 1,
        `list webhooks: ${webhooks.response.status}`);

  // --- folders and templates -----------------------------------------------------------
  const folder = await api.POST("/v1/folders", { body: { name: "Procurement" } });
  check(folder.response.status === 201 && folder.data, `folder: ${folder.response.status}`);
  const folders = await api.GET("/v1/folders");
  check(folders.response.status === 200 && folders.data?.data.length === 1,
        `list folders: ${folders.response.status}`);

  const draft = await api.POST("/v1/templates", {
    body: {
      name: "Vendor onboarding",
      description: "Due diligence before the first purchase order.",
      folder_id: folder.data.id,
      tasks: [
        { name: "Legal entity name", field: { type: "text" } },
        { name: "Vendor record", field: { type: "data_source", data_source_id: vendors.data.id } },
        { name: "Risk tier", field: { type: "select", options: ["low", "medium", "high"] } },
        { name: "Contract signed", field: { type: "file" }, required: false },
      ],
    },
  });
  check(draft.response.status === 201 && draft.data?.status === "DRAFT",
        `create template: ${draft.response.status}`);
  const edited = await api.PATCH("/v1/templates/{id}", {
    params: { path: { id: draft.data.id } },
    body: {
      tasks: [
        ...draft.data.tasks.map((t) => ({ id: t.id, name: t.name, required: t.required,
                                          field: t.field })),
        { name: "Approved by finance", field: { type: "boolean" }, due_offset_hours: 48 },
      ],
    },
  });
  check(edited.response.status === 200 && edited.data?.tasks.length === 5,
        `edit template: ${edited.response.status}`);
  const published = await api.POST("/v1/templates/{id}/publish", {
    params: { path: { id: draft.data.id } },
  });
  check(published.response.status === 200 && published.data?.version === 1,
        `publish: ${published.response.status}`);
  const templates = await api.GET("/v1/templates");
  check(templates.response.status === 200 && templates.data?.data.length === 1,
        `list templates: ${templates.response.status}`);
  const template = await api.GET("/v1/templates/{id}", { params: { path: { id: draft.data.id } } });
  check(template.response.status === 200 && template.data?.tasks.length === 5,
        `get template: ${template.response.status}`);

  // --- runs -----------------------------------------------------------------------------
  const runIds: string[] = [];
  const events: string[] = [];
  for (let i = 1; i <= 5; ++i) {
    const launched = await api.POST("/v1/runs", {
      params: { header: { "Idempotency-Key": `interop-launch-${i}` } },
      body: {
        template_id: draft.data.id,
        name: `Vendor onboarding — supplier ${i}`,
        assignee_id: ownerId,
        due_date: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, "Z"),
      },
    });
    check(launched.response.status === 201 && launched.data?.status === "IN_PROGRESS",
          `launch ${i}: ${launched.response.status}`);
    runIds.push(launched.data.id);
    events.push("run.created");
  }
  // The same Idempotency-Key replays the first launch instead of launching again.
  const replay = await api.POST("/v1/runs", {
    params: { header: { "Idempotency-Key": "interop-launch-1" } },
    body: {
      template_id: draft.data.id,
      name: "Vendor onboarding — supplier 1",
      assignee_id: ownerId,
    },
  });
  check(replay.response.status === 409 || replay.data?.id === runIds[0],
        `idempotent replay: ${replay.response.status}`);

  // Page through every run, two at a time, newest first.
  const seen: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await api.GET("/v1/runs", {
      params: { query: { limit: 2, status: "IN_PROGRESS", ...(cursor ? { cursor } : {}) } },
    });
    check(page.response.status === 200 && page.data, `page of runs: ${page.response.status}`);
    seen.push(...page.data.data.map((r) => r.id));
    if (!page.data.has_more) break;
    cursor = page.data.next_cursor ?? undefined;
    check(cursor, "has_more without next_cursor");
  }
  check(JSON.stringify(seen) === JSON.stringify([...runIds].reverse()),
        `paging returned ${seen.join(",")}`);

  const first = await api.GET("/v1/runs/{id}", { params: { path: { id: runIds[0] } } });
  check(first.response.status === 200 && first.data?.tasks.length === 5,
        `get run: ${first.response.status}`);
  const tasks = first.data.tasks;
  const values: Record<string, unknown> = {
    text: "ACME Corporation GmbH",
    data_source: acme.data.id,
    select: "medium",
    boolean: true,
  };

  // A file for the optional "Contract signed" task, uploaded as multipart/form-data.
  const contractTask = tasks.find((t) => t.field.type === "file");
  check(contractTask, "no file task");
  const bytes = new TextEncoder().encode("%PDF-1.4\r\n--not-a-boundary\r\n%%EOF\r\n");
  const uploaded = await api.POST("/v1/files", {
    body: { file: "", run_id: runIds[0], task_id: contractTask.id },
    bodySerializer() {
      const form = new FormData();
      form.append("run_id", runIds[0]);
      form.append("task_id", contractTask.id);
      form.append("file", new Blob([bytes], { type: "application/octet-stream" }), "contract.pdf");
      return form;
    },
  });
  check(uploaded.response.status === 201 && uploaded.data?.size === bytes.length,
        `upload: ${uploaded.response.status}`);
  const meta = await api.GET("/v1/files/{id}/meta", { params: { path: { id: uploaded.data.id } } });
  check(meta.response.status === 200 && meta.data?.sha256 === uploaded.data.sha256,
        `file meta: ${meta.response.status}`);
  const download = await api.GET("/v1/files/{id}", {
    params: { path: { id: uploaded.data.id } },
    parseAs: "arrayBuffer",
  });
  check(download.response.status === 200 && download.data?.byteLength === bytes.length,
        `download: ${download.response.status}`);
  values.file = uploaded.data.id;

  for (const task of tasks) {
    const done = await api.PATCH("/v1/runs/{id}/tasks/{taskId}", {
      params: { path: { id: runIds[0], taskId: task.id } },
      body: { status: "COMPLETED", value: values[task.field.type] ?? null },
    });
    check(done.response.status === 200 && done.data?.status === "COMPLETED",
          `complete ${task.name}: ${done.response.status} ${JSON.stringify(done.error)}`);
    events.push("task.completed");
  }
  const completed = await api.GET("/v1/runs/{id}", { params: { path: { id: runIds[0] } } });
  check(completed.data?.status === "COMPLETED", `run status ${completed.data?.status}`);
  events.push("run.completed");
  const again = await api.PATCH("/v1/runs/{id}/tasks/{taskId}", {
    params: { path: { id: runIds[0], taskId: tasks[0].id } },
    body: { value: "Changed after completion" },
  });
  check(again.response.status === 409, `edit completed run: ${again.response.status}`);

  const cancelled = await api.PATCH("/v1/runs/{id}", {
    params: { path: { id: runIds[1] } },
    body: { status: "CANCELLED" },
  });
  check(cancelled.response.status === 200 && cancelled.data?.status === "CANCELLED",
        `cancel: ${cancelled.response.status}`);

  const audit = await api.GET("/v1/runs/{id}/audit", { params: { path: { id: runIds[0] } } });
  check(audit.response.status === 200 && (audit.data?.data.length ?? 0) >= 6,
        `audit: ${audit.response.status}`);

  const missing = await api.GET("/v1/runs/{id}", { params: { path: { id: "run_doesNotExist" } } });
  check(missing.response.status === 404 && missing.error?.code === "NOT_FOUND",
        `unknown run: ${missing.response.status}`);

  // The README's example, as an integrator would paste it.
  const example = await launchAndComplete(options.baseUrl, key.plain_key, draft.data.id);
  const exampleRun = await api.GET("/v1/runs/{id}", { params: { path: { id: example.runId } } });
  check(exampleRun.data?.tasks.filter((t) => t.field.type === "text")
          .every((t) => t.status === "COMPLETED") && example.inProgress.length === 4,
        `README example: ${JSON.stringify(example)}`);
  events.push("run.created", "task.completed");

  // --- deliveries -----------------------------------------------------------------------
  let delivered = false;
  let deliveryId = "";
  for (let i = 0; i < 100 && !delivered; ++i) {
    const log = await api.GET("/v1/webhooks/{id}/deliveries", {
      params: { path: { id: hook.id }, query: { limit: 100 } },
    });
    check(log.response.status === 200 && log.data, `deliveries: ${log.response.status}`);
    const ok = log.data.data.filter((d) => d.status === "succeeded");
    delivered = ok.length >= events.length;
    deliveryId = ok[0]?.id ?? "";
    if (!delivered) await new Promise((r) => setTimeout(r, 200));
  }
  check(delivered, "webhook deliveries did not all succeed");
  const redelivered = await api.POST("/v1/webhooks/{id}/deliveries/{did}/redeliver", {
    params: { path: { id: hook.id, did: deliveryId } },
  });
  check(redelivered.response.status === 202, `redeliver: ${redelivered.response.status}`);

  // --- teardown: what a departing integration does --------------------------------------
  // The redelivery goes out before the webhook is deleted.
  for (let i = 0; i < 100; ++i) {
    const log = await api.GET("/v1/webhooks/{id}/deliveries", {
      params: { path: { id: hook.id }, query: { limit: 100 } },
    });
    if (log.data?.data.find((d) => d.id === deliveryId)?.status === "succeeded") break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const deleted = await api.DELETE("/v1/webhooks/{id}", { params: { path: { id: hook.id } } });
  check(deleted.response.status === 204, `delete webhook: ${deleted.response.status}`);
  const revoked = await admin.DELETE("/v1/api-keys/{id}", { params: { path: { id: key.id } } });
  check(revoked.response.status === 204, `revoke key: ${revoked.response.status}`);
  const afterRevoke = await api.GET("/v1/runs");
  check(afterRevoke.response.status === 401 && afterRevoke.error?.code === "KEY_REVOKED",
        `revoked key: ${afterRevoke.response.status}`);
  const signOut = await admin.DELETE("/v1/sessions/current");
  check(signOut.response.status === 204, `sign out: ${signOut.response.status}`);
  const afterSignOut = await admin.GET("/v1/org");
  check(afterSignOut.response.status === 401, `ended session: ${afterSignOut.response.status}`);

  return {
    operations: [...operations].sort(),
    webhookSecret: hook.secret,
    eventsExpected: events,
    runIds,
  };
}
