import { useEffect, useRef } from "preact/hooks";

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge ${status}`}>{status.replace(/_/g, " ")}</span>;
}

export function ProgressBar({ fraction }: { fraction: number }) {
  const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 1000) / 10;
  return (
    <div
      class="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-label={`${pct} %`}
    >
      <span style={{ width: `${pct}%` }} />
    </div>
  );
}

/** A labelled number: the dashboard's facts (trials, rate, shards …). */
export function Card(props: { label: string; value: string; name?: string; title?: string }) {
  return (
    <div class="card" data-card={props.name ?? props.label} title={props.title}>
      <div class="k">{props.label}</div>
      <div class="v">{props.value}</div>
    </div>
  );
}

/** An SVG chart from the report's renderer (its text is escaped there). */
export function Svg({ svg }: { svg: string }) {
  return <div class="chart-box" dangerouslySetInnerHTML={{ __html: svg }} />;
}

/** A modal question with two answers; Escape or the first button says no. The page's only confirmation. */
export function Confirm(props: {
  open: boolean;
  title: string;
  text: string;
  yes: string;
  onAnswer: (yes: boolean) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d === null) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={ref} aria-labelledby="confirm-h" onCancel={() => props.onAnswer(false)}>
      <h3 id="confirm-h">{props.title}</h3>
      <p>{props.text}</p>
      <div class="toolbar">
        <button type="button" autofocus onClick={() => props.onAnswer(false)}>
          Keep running
        </button>
        <button type="button" class="danger" onClick={() => props.onAnswer(true)}>
          {props.yes}
        </button>
      </div>
    </dialog>
  );
}
