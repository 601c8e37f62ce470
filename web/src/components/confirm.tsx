import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

interface Question {
  title: string;
  body: ComponentChildren;
  confirm: string;
  answer: (yes: boolean) => void;
}

/**
 * A modal dialog that states what an irreversible action will do before it runs (the native
 * `<dialog>`: focus moves in, Escape cancels). `ask` resolves true only on the confirm button.
 */
export function useConfirm() {
  const [question, setQuestion] = useState<Question | null>(null);
  const ask = (title: string, body: ComponentChildren, confirm: string) =>
    new Promise<boolean>((resolve) =>
      setQuestion({
        title,
        body,
        confirm,
        answer: (yes) => {
          setQuestion(null);
          resolve(yes);
        },
      }),
    );
  const dialog = question ? <ConfirmDialog question={question} /> : null;
  return { ask, dialog };
}

function ConfirmDialog({ question }: { question: Question }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class="confirm"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        question.answer(false);
      }}
    >
      <h2 id="confirm-title">{question.title}</h2>
      <div class="confirm-body">{question.body}</div>
      <div class="confirm-actions">
        <button type="button" class="secondary" onClick={() => question.answer(false)}>
          Cancel
        </button>
        <button type="button" onClick={() => question.answer(true)}>
          {question.confirm}
        </button>
      </div>
    </dialog>
  );
}
