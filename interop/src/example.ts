// The TypeScript example of the README's "Getting started for integrators", run by the
// interop suite so it cannot go stale.
import createClient from "openapi-fetch";
import type { paths } from "./schema.js"; // npx openapi-typescript http://127.0.0.1:8470/v1/openapi.json -o schema.d.ts

export async function launchAndComplete(baseUrl: string, apiKey: string, templateId: string) {
  const cadenio = createClient<paths>({
    baseUrl, // e.g. "http://127.0.0.1:8470"
    headers: { Authorization: `Bearer ${apiKey}` },
  });

  const { data: run, error } = await cadenio.POST("/v1/runs", {
    body: { template_id: templateId, name: "Vendor onboarding — ACME Corp" },
  });
  if (error) throw new Error(`${error.code}: ${error.message}`);

  const { data: detail } = await cadenio.GET("/v1/runs/{id}", { params: { path: { id: run.id } } });
  for (const task of detail?.tasks ?? []) {
    if (task.field.type !== "text") continue;
    await cadenio.PATCH("/v1/runs/{id}/tasks/{taskId}", {
      params: { path: { id: run.id, taskId: task.id } },
      body: { status: "COMPLETED", value: "Checked by the ERP sync" },
    });
  }

  // Every run in progress, newest first, a page at a time.
  const inProgress: string[] = [];
  for (let cursor: string | undefined; ; ) {
    const { data: page } = await cadenio.GET("/v1/runs", {
      params: { query: { status: "IN_PROGRESS", limit: 100, cursor } },
    });
    inProgress.push(...(page?.data ?? []).map((r) => r.name));
    if (!page?.has_more) break;
    cursor = page.next_cursor ?? undefined;
  }
  return { runId: run.id, inProgress };
}
