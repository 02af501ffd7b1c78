import { Checkbox, Group, Radio, Stack, Text } from '@mantine/core';
import type { AbilityInfo, KeyMode } from '../../../api/types.js';

/** Live or Test, chosen once when the key is created; an existing key's mode is shown, not offered. */
export function KeyModeInput({
  creating,
  value,
  error,
  onChange,
}: {
  creating: boolean;
  value: KeyMode;
  error: string | undefined;
  onChange: (mode: KeyMode) => void;
}) {
  if (!creating)
    return (
      <Text size="sm">
        Mode: <strong>{value === 'test' ? 'Test' : 'Live'}</strong>
      </Text>
    );
  return (
    <Radio.Group
      label="Mode"
      description="Live keys take real payments. Test keys let you try your plugin end to end: their checkouts offer only the Sandbox method, no money moves, and they never see live payments. The mode cannot be changed later."
      value={value}
      onChange={(v) => onChange(v as KeyMode)}
      error={error}
    >
      <Group mt="xs" gap="lg">
        <Radio value="live" label="Live" />
        <Radio value="test" label="Test" data-testid="mode-test" />
      </Group>
    </Radio.Group>
  );
}

/** The key's abilities, one checkbox each with the server's description; the first box has id `ability-0` for focus. */
export function KeyAbilitiesInput({
  abilities,
  value,
  error,
  onChange,
}: {
  abilities: AbilityInfo[];
  value: string[];
  error: string | undefined;
  onChange: (value: string[]) => void;
}) {
  return (
    <Checkbox.Group
      label="Abilities"
      description="What this key may do. Not sure? Select all three — a shop's website or plugin usually needs them all."
      required
      value={value}
      onChange={onChange}
      error={error}
      // With ids, Mantine names the group by its label and describes it by the tip and the error.
      labelProps={{ id: 'abilities-label' }}
      descriptionProps={{ id: 'abilities-description' }}
      errorProps={{ id: 'abilities-error' }}
    >
      <Stack gap="xs" mt="xs">
        {abilities.map((a, i) => (
          <Checkbox
            key={a.name}
            id={`ability-${i}`}
            value={a.name}
            label={
              <Text component="span" ff="monospace" size="sm">
                {a.name}
              </Text>
            }
            description={a.description}
          />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}
