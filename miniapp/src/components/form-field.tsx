import type { PropsWithChildren } from 'react';
import { View, Text, Input } from '@tarojs/components';
import './work.css';

/** A labelled form row with its inline error (from the shared zod schema or the server). */
export function FormField({ label, error, hook, required, hint, children }: PropsWithChildren<{
  label: string; error?: string; hook: string; required?: boolean; hint?: string;
}>) {
  return (
    <View className={`form-field field-${hook}${error ? ' has-error' : ''}`}>
      <Text className="form-label">{required ? <Text className="form-required">*</Text> : null}{label}</Text>
      <View className="form-control">{children}</View>
      {hint && !error ? <Text className="form-hint">{hint}</Text> : null}
      {error ? <Text className={`form-error field-error-${hook}`}>{error}</Text> : null}
    </View>
  );
}

/** A text or number input row. */
export function InputField({ label, value, onChange, error, hook, type = 'text', placeholder, required, hint, unit }: {
  label: string; value: string; onChange: (v: string) => void; error?: string; hook: string;
  type?: 'text' | 'number' | 'digit'; placeholder?: string; required?: boolean; hint?: string; unit?: string;
}) {
  return (
    <FormField label={label} error={error} hook={hook} required={required} hint={hint}>
      <View className="form-input-row">
        <Input
          className={`form-input input-${hook}`}
          type={type}
          value={value}
          placeholder={placeholder}
          placeholderClass="form-placeholder"
          onInput={(e) => onChange(e.detail.value)}
        />
        {unit ? <Text className="form-unit">{unit}</Text> : null}
      </View>
    </FormField>
  );
}

/** Chips for one choice among a few. */
export function ChoiceChips<T extends string | number>({ options, value, onChange, hook }: {
  options: Array<{ value: T; label: string }>; value: T; onChange: (v: T) => void; hook: string;
}) {
  return (
    <View className="choice-chips">
      {options.map((o) => (
        <View
          key={String(o.value)}
          className={`choice-chip ${hook}-${String(o.value)}${o.value === value ? ' is-active' : ''}`}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </View>
      ))}
    </View>
  );
}

/** A primary button that shows its busy text and ignores taps while sending. */
export function SubmitButton({ text, busyText = '提交中…', busy, onClick, hook, kind = 'primary' }: {
  text: string; busyText?: string; busy: boolean; onClick: () => void; hook: string; kind?: 'primary' | 'ghost' | 'danger';
}) {
  return (
    <View className={`btn btn-${kind} ${hook}${busy ? ' is-disabled' : ''}`} onClick={() => { if (!busy) onClick(); }}>
      {busy ? busyText : text}
    </View>
  );
}
