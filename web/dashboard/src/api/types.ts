/** Shapes of the admin API's answers (src/http/admin/*.ts). */
export type Admin = { id: string; email: string };
export type SessionInfo = { admin: Admin; csrf_token: string; expires_at: string };

export type Brand = {
  id: string;
  slug: string;
  name: string;
  domain: string | null;
  timezone: string;
  currency: string;
  created_at: string;
  updated_at: string;
};

export type Ability = 'payment:checkout' | 'payment:verify' | 'payment:refund';
export type AbilityInfo = { name: Ability; description: string };
export type KeyStatus = 'active' | 'inactive' | 'expired';

/** The non-secret view of a key: the only shape the dashboard keeps in lists. */
export type ApiKey = {
  id: string;
  name: string;
  abilities: Ability[];
  expires_at: string | null;
  is_active: boolean;
  status: KeyStatus;
  hint: string;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
  last_used_ip: string | null;
};

export type KeyInput = { name: string; abilities: Ability[]; expires_at: string | null; is_active: boolean };

export type EndpointInfo = { operation: string; method: string; url: string; ability: Ability | null; description: string; usage: string };

export type AuditEntry = {
  id: string;
  action: string;
  actor: string;
  target_id: string;
  changes: Record<string, unknown>;
  ip: string | null;
  created_at: string;
};
