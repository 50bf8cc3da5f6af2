import { http } from './http';

/** The signed-in user's own softphone (server/softphone): null with the reason when there is none. */
export interface PhoneCredentials {
  wsUrl: string;
  uri: string;
  authorizationUser: string;
  password: string;
  displayName: string;
  interface: string;
  iceServers: RTCIceServer[];
}

export type NoSoftphone = 'not_configured' | 'no_interface' | 'no_password' | 'unreadable';

export const softphoneApi = {
  credentials: () => http.get<{ phone: PhoneCredentials | null; reason: NoSoftphone | null }>('/api/phone/credentials'),
  /** Admins: set a user's SIP password (or let the server make one, given back once as `generated`). */
  setPassword: (userId: number, password?: string) =>
    http.put<{ userId: number; softphone: true; generated: string | null }>(`/api/users/${userId}/sip-password`, password ? { password } : {}),
  clearPassword: (userId: number) => http.delete<{ userId: number; softphone: false }>(`/api/users/${userId}/sip-password`),
};
