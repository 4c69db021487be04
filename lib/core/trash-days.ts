/** Removed papers stay restorable this long (the trash), then go for good. */
export const TRASH_DAYS = 30;
