import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="mt-1 text-[13px] text-zinc-500">There is nothing at this address.</p>
      <Link href="/" className="mt-4 inline-block text-[13px] text-indigo-600 hover:underline dark:text-indigo-400">
        Ask the circle a question
      </Link>
    </div>
  );
}
