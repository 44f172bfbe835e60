import type { SubmitFunction } from '@sveltejs/kit';

/**
 * use:enhance for admin forms: after a success the typed fields are cleared but the choices
 * (role, nation) stay, ready for the next account or token. The browser's own form reset would
 * put every select back on its first option (Svelte sets the selected value, not the default).
 * After a failure nothing is touched, so nothing typed is lost.
 */
export const clearTypedOnSuccess: SubmitFunction = () => {
	return async ({ result, update, formElement }) => {
		await update({ reset: false });
		if (result.type !== 'success') return;
		for (const input of formElement.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input:not([type="hidden"]), textarea')) {
			input.value = '';
		}
	};
};
