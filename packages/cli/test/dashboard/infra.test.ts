import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";

// infra/ runs the dashboard in docker compose and on Kubernetes; no container engine here, so the manifests are
// checked as documents: what runs, as whom, with which token, published where.
const infra = (p: string) => readFileSync(new URL(`../../../../infra/${p}`, import.meta.url), "utf8");

interface Container {
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  ports?: { name: string; containerPort: number }[];
  readinessProbe?: { httpGet?: { path: string } };
}

describe("infra: the dashboard", () => {
  it("docker compose: mcx dashboard as the cli NATS user, its token required, published on the host's loopback only", () => {
    const compose = parse(infra("docker-compose.yml")) as { services: Record<string, Record<string, unknown>> };
    const d = compose.services["dashboard"]!;
    expect(d["command"]).toEqual(["packages/cli/dist/main.js", "dashboard", "--host", "0.0.0.0", "--port", "8080"]);
    expect(d["environment"]).toMatchObject({
      MCX_NATS_URL: "nats://nats:4222",
      MCX_NATS_USER: "cli",
      MCX_NATS_PASSWORD: "${MCX_NATS_CLI_PASSWORD}",
      MCX_DASHBOARD_TOKEN: "${MCX_DASHBOARD_TOKEN:?set it in infra/.env}",
    });
    expect(d["ports"]).toEqual(["127.0.0.1:8080:8080"]);
    expect(infra(".env.example")).toMatch(/^MCX_DASHBOARD_TOKEN=/m);
  });

  it("Kubernetes: a Deployment and a ClusterIP Service, the token and the cli password from the secret", () => {
    expect((parse(infra("k8s/kustomization.yaml")) as { resources: string[] }).resources).toContain("dashboard.yaml");
    const docs = parseAllDocuments(infra("k8s/dashboard.yaml")).map((d) => d.toJS()) as {
      kind: string;
      spec: Record<string, unknown>;
    }[];
    expect(docs.map((d) => d.kind)).toEqual(["Deployment", "Service"]);
    const deployment = docs[0]!.spec as {
      selector: { matchLabels: Record<string, string> };
      template: { metadata: { labels: Record<string, string> }; spec: { containers: Container[] } };
    };
    const c = deployment.template.spec.containers[0]!;
    expect(c.args).toEqual(["packages/cli/dist/main.js", "dashboard", "--host", "0.0.0.0", "--port", "8080"]);
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom?.secretKeyRef]));
    expect(env).toMatchObject({
      MCX_NATS_USER: "cli",
      MCX_NATS_PASSWORD: { name: "mcx-credentials", key: "MCX_NATS_CLI_PASSWORD" },
      MCX_DASHBOARD_TOKEN: { name: "mcx-credentials", key: "MCX_DASHBOARD_TOKEN" },
    });
    expect(c.readinessProbe?.httpGet?.path).toBe("/login");
    const service = docs[1]!.spec as {
      type: string;
      selector: Record<string, string>;
      ports: { port: number; targetPort: string }[];
    };
    expect(service.type).toBe("ClusterIP");
    expect(service.selector).toEqual(deployment.template.metadata.labels);
    expect(service.ports).toEqual([{ name: "http", port: 8080, targetPort: "http" }]);
    expect(c.ports).toEqual([{ name: "http", containerPort: 8080 }]);
    expect(infra("k8s/credentials.env.example")).toMatch(/^MCX_DASHBOARD_TOKEN=/m);
  });
});
