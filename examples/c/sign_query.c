/* The smallest HIS: ask whether a patient has signed up for credit medical care.
 * Reads OneTrans.ini from the working directory (or ONETRANS_CONFIG). Build:
 *   cc sign_query.c -I include -L build/src -lonetrans */
#include <stdio.h>
#include <string.h>

#include "onetrans/onetrans.h"

int main(void) {
  char in[] =
      "{\"transCode\":\"HOS00001\",\"data\":{\"idNo\":\"441802198708081050\",\"idType\":\"01\","
      "\"userName\":\"\xE5\xBC\xA0\xE4\xB8\x89\xE4\xB8\xB0\",\"hospitalId\":\"QYH44180200001\","
      "\"cityCode\":\"441800\",\"treatmentSerialNo\":\"ZY0001\"}}";
  static char out[8192]; /* what the vendor DLL told hosts to allocate */
  const char* rc;
  /* A library older than the header this host was built with lacks what the host may call. */
  if (OneTrans_VersionNumber() < ONETRANS_VERSION_NUM) {
    fprintf(stderr, "OneTrans %s is older than the header (%s)\n", OneTrans_Version(), ONETRANS_VERSION);
    return 1;
  }
  rc = MobileTrans(in, out);
  printf("return=%s\n%s\n", rc, out);
  if (strcmp(rc, "000000") != 0) {
    fprintf(stderr, "%s: %s\n", OneTrans_StrError(105), OneTrans_LastError());
    return 1;
  }
  return strstr(out, "\"code\":0,") != NULL ? 0 : 1;
}
