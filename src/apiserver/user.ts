// The authenticated user a request acts as (upstream's user.Info).
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}
