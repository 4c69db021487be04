/** Zotero Web API v3 objects, as much of them as Gloss reads and writes. */

export interface ZoteroCreator {
  creatorType: string;
  firstName?: string;
  lastName?: string;
  name?: string;
}

/** An item's editable JSON (`data`). Unknown fields are kept as they came. */
export interface ZoteroItemData {
  key: string;
  version: number;
  itemType: string;
  title?: string;
  creators?: ZoteroCreator[];
  abstractNote?: string;
  date?: string;
  DOI?: string;
  url?: string;
  archiveID?: string;
  repository?: string;
  extra?: string;
  tags?: { tag: string; type?: number }[];
  collections?: string[];
  parentItem?: string;
  note?: string;
  dateModified?: string;
  deleted?: boolean | number;
  [field: string]: unknown;
}

export interface ZoteroItem {
  key: string;
  version: number;
  data: ZoteroItemData;
}

export interface ZoteroCollection {
  key: string;
  version: number;
  data: { key: string; name: string; parentCollection?: string | false };
}

export interface ZoteroKeyInfo {
  key?: string;
  userID: number;
  username: string;
  access: {
    user?: { library?: boolean; notes?: boolean; write?: boolean };
    groups?: Record<string, { library?: boolean; write?: boolean }>;
  };
}

export interface ZoteroWriteResult {
  successful?: Record<string, ZoteroItem>;
  success?: Record<string, string>;
  unchanged?: Record<string, string>;
  failed?: Record<string, { key?: string; code: number; message: string }>;
}

/** Which library Gloss syncs with: `/users/<id>` or `/groups/<id>`. */
export interface LibraryRef {
  type: 'user' | 'group';
  id: number;
}

export function libraryPrefix(lib: LibraryRef): string {
  if (!Number.isInteger(lib.id) || lib.id <= 0) throw new Error('A Zotero library id is a positive integer');
  return `/${lib.type === 'user' ? 'users' : 'groups'}/${lib.id}`;
}
