/** The abilities a key can carry, in the order the dashboard shows them. */
export const ABILITIES = ['payment:checkout', 'payment:verify', 'payment:refund', 'invoice:write', 'invoice:read'] as const;
export type Ability = (typeof ABILITIES)[number];

export const abilityDescriptions: Record<Ability, string> = {
  'payment:checkout': 'Create checkout sessions and payment URLs',
  'payment:verify': 'Read the status and details of a payment',
  'payment:refund': 'Refund a completed payment, fully or partially',
  'invoice:write': 'Create invoices (open by default) and get their payment page link',
  'invoice:read': 'Read an invoice by its id or number: status, figures, payment',
};

/** Each ability with what it allows: the key form's checkboxes and GET /admin/api/abilities. */
export const abilityInfos = ABILITIES.map((name) => ({ name, description: abilityDescriptions[name] }));
export type AbilityInfo = (typeof abilityInfos)[number];

export function isAbility(value: string): value is Ability {
  return (ABILITIES as readonly string[]).includes(value);
}

/** Stored as a comma-separated list in catalogue order. */
export function serializeAbilities(abilities: readonly Ability[]): string {
  return ABILITIES.filter((a) => abilities.includes(a)).join(',');
}

export function deserializeAbilities(value: string): Ability[] {
  return value.split(',').filter(isAbility);
}
