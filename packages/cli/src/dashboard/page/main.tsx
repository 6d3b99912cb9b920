import { render } from "preact";
import { useRoute } from "./route.ts";
import { RunPage } from "./run-page.tsx";
import { RunsPage } from "./runs-view.tsx";
import { WorkersPage } from "./workers-view.tsx";

function App() {
  const route = useRoute();
  return (
    <>
      <header class="topbar">
        <h1>mcx dashboard</h1>
        <nav aria-label="views">
          <a href="#/" aria-current={route.view === "runs" ? "page" : undefined}>
            Runs
          </a>
          <a href="#/workers" aria-current={route.view === "workers" ? "page" : undefined}>
            Workers and queues
          </a>
        </nav>
      </header>
      <main class="app">
        {route.view === "run" ? (
          <RunPage runId={route.runId} />
        ) : route.view === "workers" ? (
          <WorkersPage />
        ) : (
          <RunsPage />
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
