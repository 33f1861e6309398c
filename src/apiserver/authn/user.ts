// The authenticated identity of a request (upstream's user.Info).
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const Anonymous = "system:anonymous";
export const AllAuthenticated = "system:authenticated";
export const AllUnauthenticated = "system:unauthenticated";
