// Shows the app's result in the page, for the test to read: #result holds the JSON.
export async function show(result) {
  const out = document.getElementById('result');
  out.textContent = JSON.stringify(await result);
  out.dataset.done = 'true';
}
