/** Who is acting: the JWT subject and its groups. */
export interface Actor {
  userId: string;
  groups: string[];
}
