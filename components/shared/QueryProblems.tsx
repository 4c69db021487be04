/** Parts of the query the search left out, so a 0 is never silent about why. */
export function QueryProblems({ problems }: { problems?: string[] }) {
  if (!problems?.length) return null;
  return (
    <p class="query-problems" role="note">
      Not understood, left out: {problems.join('; ')}.
    </p>
  );
}
