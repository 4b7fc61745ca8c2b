import { useState } from 'react';
import { ApiError } from '../services/http';
import { serverFieldErrors } from '../utils/trip-display';

/**
 * A form's submit state: busy while sending, the server's field messages under their fields and its
 * message above the form (in the server's Chinese), or a plain retry message when the network failed.
 */
export function useFormSubmit() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Runs `work`; a refusal fills errors/formError and resolves false. */
  async function submit(work: () => Promise<void>): Promise<boolean> {
    setFormError(null);
    setBusy(true);
    try {
      await work();
      return true;
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(serverFieldErrors(e.details));
        setFormError(e.message);
      } else setFormError('提交失败，请稍后重试');
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { errors, setErrors, formError, setFormError, busy, submit };
}
