import { defineContentScript } from 'wxt/utils/define-content-script';
import { call } from '../../lib/rpc/client';
import { onLibraryChange } from '../../lib/rpc/changes';
import { contentScriptMatches, recognize } from '../../lib/sites/registry';
import { startPageMarks } from '../../lib/ui/page-marks';

export default defineContentScript({
  matches: contentScriptMatches,
  runAt: 'document_idle',
  main(ctx) {
    const marks = startPageMarks(document, () => location.href, {
      recognize,
      onLibraryChange,
      api: {
        lookup: (papers) => call('lookup', { papers }),
        save: (paper) => call('save', { paper }),
        unsave: (id) => call('unsave', { id }),
        setNote: (paper, note) => call('setNote', { id: paper.id, note, paper }),
        setTags: (paper, tags) => call('setTags', { id: paper.id, tags, paper }),
      },
    });
    ctx.onInvalidated(marks.stop);
  },
});
